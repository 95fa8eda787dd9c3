/**
 * natural's storage back-ends call `require('dotenv').config()` when natural is loaded, and
 * dotenv 17 then prints "◇ injected env" on stdout, which would corrupt the JSON lines the
 * `match` command writes there. Import this module before `natural` to silence it.
 */
process.env.DOTENV_CONFIG_QUIET ??= 'true';
export {};
