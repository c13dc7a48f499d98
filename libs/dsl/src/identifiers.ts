/** Flow and node ids: letters, digits, `_` and `-`, starting with a letter; usable in expressions as `nodes.<id>`. */
export const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
export const ID_RULE = 'must start with a letter and contain only letters, digits, "_" or "-" (at most 64)';

/** Component names: dotted lower-case words, e.g. `http.request`. */
export const COMPONENT_PATTERN = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$/;
