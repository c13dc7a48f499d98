import { Command } from 'commander';
import { contextOf } from '../cli-context';
import { jsonArgument, positiveInt } from '../json-argument';
import { table } from '../render/table';

interface Published {
  id: string;
  version: number;
  created: boolean;
  createdAt: string;
}

interface FlowSummary {
  id: string;
  version: number;
  name?: string;
  createdAt: string;
}

export function flowCommands(): Command {
  const flow = new Command('flow').description('publish and inspect flow definitions');

  flow
    .command('apply')
    .description('validate and publish a definition (JSON file, @file or - for stdin) as the next version of its flow')
    .argument('<file>', 'the definition', jsonArgument)
    .action(async (definition: unknown, _options, command: Command) => {
      const cli = contextOf(command);
      const published = await cli.api.post<Published>('/flows', definition);
      cli.print(
        published,
        () =>
          `flow ${published.id} v${published.version} ${published.created ? 'published' : 'unchanged (same as the latest version)'}`,
      );
    });

  flow
    .command('list')
    .description('the flows, with their latest version')
    .action(async (_options, command: Command) => {
      const cli = contextOf(command);
      const flows = await cli.api.get<FlowSummary[]>('/flows');
      cli.print(flows, () =>
        flows.length
          ? table(
              flows,
              [
                { header: 'FLOW', value: (f) => f.id },
                { header: 'VERSION', value: (f) => String(f.version) },
                { header: 'PUBLISHED', value: (f) => f.createdAt },
                { header: 'NAME', value: (f) => f.name ?? '', max: 60 },
              ],
              cli.color,
            )
          : 'no flows yet: publish one with `weft flow apply <file>`',
      );
    });

  flow
    .command('show')
    .description("a flow's definition (the latest version unless --flow-version)")
    .argument('<flow>', 'flow id')
    .option('--flow-version <n>', 'a given version', positiveInt)
    .action(async (flowId: string, options: { flowVersion?: number }, command: Command) => {
      const cli = contextOf(command);
      const path = options.flowVersion
        ? `/flows/${encodeURIComponent(flowId)}/versions/${options.flowVersion}`
        : `/flows/${encodeURIComponent(flowId)}`;
      const found = await cli.api.get<{ definition: unknown }>(path);
      process.stdout.write(`${JSON.stringify(found.definition, null, 2)}\n`);
    });

  return flow;
}
