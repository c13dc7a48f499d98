import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Typed search attributes on every run; registered on the dev server by temporal/search-attributes.json. */
export const FLOW_ID = defineSearchAttributeKey('FlowId', SearchAttributeType.KEYWORD);
export const FLOW_VERSION = defineSearchAttributeKey('FlowVersion', SearchAttributeType.INT);
export const FLOW_STATUS = defineSearchAttributeKey('FlowStatus', SearchAttributeType.KEYWORD);

/** Workflow type of the interpreter. */
export const FLOW_RUN_WORKFLOW = 'flowRun';
/** Workflow type that runs the iterations of a loop node. */
export const LOOP_RUN_WORKFLOW = 'loopRun';
/** Workflow type that runs the items of a foreach node. */
export const FOREACH_RUN_WORKFLOW = 'foreachRun';
