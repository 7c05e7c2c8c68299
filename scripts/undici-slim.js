/**
 * The part of undici fcinvoke uses, as the bundle's `undici` (scripts/build.mjs resolves `undici` here, with
 * node_modules/undici as the base for the relative paths).
 *
 * undici's index.js also loads fetch, WebSocket, EventSource, the cache stores (node:sqlite) and cookies, and
 * cookies reads `globalThis.Headers`, which makes Node compile its own internal copy of undici: about 30 ms of a
 * 60 ms process start, for code the CLI never calls (docs/performance.md). The dispatchers, interceptors and
 * errors below are the same objects the full entry exports. The names are ESM exports, so importing one that is
 * not here fails the build instead of being undefined at run time. Only what src/ and the bench import is here:
 * each `require` below runs when the CLI loads undici, and the dispatchers and handlers nothing used (balanced
 * pool, retry agent and handler, redirect and decorator handlers, the environment proxy agent) cost one invocation
 * ~3 ms of CPU (docs/performance.md).
 *
 * `makeDispatcher` is copied from undici 7 index.js (MIT) so `request(url, options)` behaves as there.
 */
const Dispatcher = require('./lib/dispatcher/dispatcher');
const util = require('./lib/core/util');
const errorsModule = require('./lib/core/errors');
const globalDispatcher = require('./lib/global');

/**
 * The request/stream/pipeline/connect/upgrade APIs (with their Readable body and AsyncResource) load on first use:
 * a caller that dispatches with its own handler never needs them. index.js assigns them to Dispatcher.prototype;
 * here the methods there load them when first called.
 */
const API_NAMES = ['request', 'stream', 'pipeline', 'connect', 'upgrade'];
let api;
const loadApi = () => (api ??= require('./lib/api'));
/** A stand-in for api[name] that loads the API on its first call, with the caller's `this` (a dispatcher). */
function lazyApi(name) {
  return function (...args) {
    return loadApi()[name].apply(this, args);
  };
}
for (const name of API_NAMES) {
  Object.defineProperty(Dispatcher.prototype, name, { configurable: true, writable: true, value: lazyApi(name) });
}

export { Dispatcher };
export const Client = require('./lib/dispatcher/client');
export const Pool = require('./lib/dispatcher/pool');
export const Agent = require('./lib/dispatcher/agent');
export const ProxyAgent = require('./lib/dispatcher/proxy-agent');
export const buildConnector = require('./lib/core/connect');
export const errors = errorsModule;
export const setGlobalDispatcher = globalDispatcher.setGlobalDispatcher;
export const getGlobalDispatcher = globalDispatcher.getGlobalDispatcher;

/** Interceptors load on first use: `cache` pulls in the cache stores. */
export const interceptors = {
  get redirect() {
    return require('./lib/interceptor/redirect');
  },
  get responseError() {
    return require('./lib/interceptor/response-error');
  },
  get retry() {
    return require('./lib/interceptor/retry');
  },
  get dump() {
    return require('./lib/interceptor/dump');
  },
  get dns() {
    return require('./lib/interceptor/dns');
  },
  get cache() {
    return require('./lib/interceptor/cache');
  },
  get decompress() {
    return require('./lib/interceptor/decompress');
  },
};

export const request = makeDispatcher(lazyApi('request'));
export const stream = makeDispatcher(lazyApi('stream'));
export const pipeline = makeDispatcher(lazyApi('pipeline'));
export const connect = makeDispatcher(lazyApi('connect'));
export const upgrade = makeDispatcher(lazyApi('upgrade'));

function makeDispatcher(fn) {
  return (url, opts, handler) => {
    if (typeof opts === 'function') {
      handler = opts;
      opts = null;
    }
    if (!url || (typeof url !== 'string' && typeof url !== 'object' && !(url instanceof URL))) {
      throw new errorsModule.InvalidArgumentError('invalid url');
    }
    if (opts != null && typeof opts !== 'object') {
      throw new errorsModule.InvalidArgumentError('invalid opts');
    }
    if (opts && opts.path != null) {
      if (typeof opts.path !== 'string') {
        throw new errorsModule.InvalidArgumentError('invalid opts.path');
      }
      const path = opts.path.startsWith('/') ? opts.path : `/${opts.path}`;
      url = new URL(util.parseOrigin(url).origin + path);
    } else {
      if (!opts) {
        opts = typeof url === 'object' ? url : {};
      }
      url = util.parseURL(url);
    }
    const { agent, dispatcher = globalDispatcher.getGlobalDispatcher() } = opts;
    if (agent) {
      throw new errorsModule.InvalidArgumentError('unsupported opts.agent. Did you mean opts.client?');
    }
    return fn.call(
      dispatcher,
      {
        ...opts,
        origin: url.origin,
        path: url.search ? `${url.pathname}${url.search}` : url.pathname,
        method: opts.method || (opts.body ? 'PUT' : 'GET'),
      },
      handler,
    );
  };
}
