// Conformance driver: runs tests/conformance/cases.json through the reference PocketBase
// JS SDK 0.7.4 (tests/js/node_modules/pocketbase) with a recording fetch stub.
//
//   node tests/conformance/driver.mjs < input.json > results.json
//
// stdin:  {"data": <cases.json>, "pyCookies": {"<case id>": "<cookie exported by Python>"}}
// stdout: {"<case id>": <result>} where a result holds, depending on the case kind:
//   requests  [{method, url, headers: {Content-Type, Accept-Language, Authorization, X-Hook},
//              body}]  (url as the SDK handed it to fetch; body parsed from the JSON string)
//   result    the return value as JSON (models through their own fields, i.e. export())
//   error     {type, url, status, data, isAbort} (type "ClientResponseError") or {type, message}
//   store     {token, model, kind} of the auth store afterwards
//   args      the call arguments afterwards (when the case asks for "inspect": ["args"])
//   cancelKeys the client's pending cancel keys afterwards ("inspect": ["cancelKeys"])
//   cookie, loadOwn, loadOther   for "cookie" cases
//
// Run with TZ=UTC (the Python side does): String(Date) inside query arrays depends on it.

import { existsSync, readFileSync } from "node:fs";

const bundle = new URL("../js/node_modules/pocketbase/dist/pocketbase.es.mjs", import.meta.url);
if (!existsSync(bundle)) {
    process.stderr.write(
        "The reference JS SDK is not installed: run `npm ci --prefix tests/js` first.\n",
    );
    process.exit(3);
}

const sdk = await import(bundle.href);
const Client = sdk.default;
const { Admin, BaseAuthStore, ClientResponseError, Collection, LocalAuthStore, Record, User } = sdk;

const MODELS = { Admin, Collection, Record, User };
const RECORDED_HEADERS = ["Content-Type", "Accept-Language", "Authorization", "X-Hook"];

// -- canned transport ------------------------------------------------------------------

let replies = [];
let recorded = [];

function replyText(reply) {
    if ("json" in reply) return JSON.stringify(reply.json);
    if ("text" in reply) return reply.text;
    return "";
}

globalThis.fetch = async (url, config = {}) => {
    const headers = config.headers || {};
    const picked = {};
    for (const name of RECORDED_HEADERS) {
        picked[name] = headers[name] === undefined ? null : headers[name];
    }
    // What goes on the wire: fetch sends a string as is ('' is no body at all) and turns any
    // other non-null value into its text (the SDK hands falsy bodies such as 0 over unchanged).
    let body = null;
    const sent = config.body === undefined || config.body === null ? "" : String(config.body);
    if (sent !== "") {
        try {
            body = JSON.parse(sent);
        } catch {
            body = { $text: sent };
        }
    }
    recorded.push({ method: config.method === undefined ? "GET" : config.method, url, headers: picked, body });
    const reply = replies.shift();
    if (reply === undefined) {
        throw new TypeError("conformance driver: no canned reply left for " + url);
    }
    const replyBody = replyText(reply);
    return {
        status: reply.status === undefined ? 200 : reply.status,
        url,
        json: async () => JSON.parse(replyBody),
    };
};

// -- helpers -----------------------------------------------------------------------------

function decode(value) {
    if (Array.isArray(value)) return value.map(decode);
    if (value !== null && typeof value === "object") {
        if ("$date" in value) return new Date(value.$date);
        if ("$model" in value) return new MODELS[value.$model](decode(value.data));
        const out = {};
        for (const key of Object.keys(value)) out[key] = decode(value[key]);
        return out;
    }
    return value;
}

function plain(value) {
    return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

function storeState(store) {
    const model = store.model;
    return {
        token: store.token,
        model: model ? plain(model.export()) : null,
        kind: model ? (model instanceof User ? "user" : "admin") : null,
    };
}

function errorShape(err) {
    if (err instanceof ClientResponseError) {
        return {
            type: "ClientResponseError",
            url: err.url,
            status: err.status,
            data: plain(err.data),
            isAbort: err.isAbort,
        };
    }
    return { type: err && err.constructor ? err.constructor.name : typeof err, message: String(err && err.message) };
}

function makeStore(fixture) {
    const store = fixture && fixture.store === "base" ? new BaseAuthStore() : new LocalAuthStore();
    if (fixture) {
        let model = null;
        if (fixture.model !== null) {
            if (fixture.kind === "dict") model = decode(fixture.model);
            else model = new (fixture.kind === "user" ? User : Admin)(fixture.model);
        }
        store.save(fixture.token, model);
    }
    return store;
}

const BEFORE_SEND = {
    addHeader: (url, config) => {
        config.headers = Object.assign({}, config.headers, { "X-Hook": url });
        return config;
    },
    returnNone: () => undefined,
    raise: () => {
        throw new Error("before hook failed");
    },
};

const AFTER_SEND = {
    replace: (response, data) => ({ replaced: true, status: response.status, original: data }),
    returnNone: () => undefined,
    raise: () => {
        throw new Error("after hook failed");
    },
};

// -- case runners --------------------------------------------------------------------

async function runCall(c, fixtures) {
    const client = c.client || {};
    const store = makeStore(fixtures[c.auth || "empty"]);
    const pb = new Client(client.baseUrl === undefined ? "http://pb.test" : client.baseUrl, client.lang, store);
    if (c.hooks && c.hooks.beforeSend) pb.beforeSend = BEFORE_SEND[c.hooks.beforeSend];
    if (c.hooks && c.hooks.afterSend) pb.afterSend = AFTER_SEND[c.hooks.afterSend];
    replies = (c.replies || []).slice();
    recorded = [];
    const [service, method] = c.call;
    const args = decode(c.args || []);
    const target = service === "client" ? pb : pb[service];
    const out = {};
    try {
        out.result = plain(await target[method](...args));
    } catch (err) {
        out.error = errorShape(err);
    }
    out.requests = recorded;
    out.store = storeState(pb.authStore);
    const inspect = c.inspect || [];
    if (inspect.includes("args")) out.args = plain(args);
    if (inspect.includes("cancelKeys")) out.cancelKeys = Object.keys(pb.cancelControllers);
    if (replies.length) out.unusedReplies = replies.length;
    return out;
}

function loadState(cookie, key) {
    const store = new LocalAuthStore();
    try {
        store.loadFromCookie(cookie, key);
    } catch (err) {
        return { error: errorShape(err) };
    }
    return storeState(store);
}

function runCookie(c, fixtures, pyCookies) {
    const store = makeStore(fixtures[c.auth || "empty"]);
    const [options, key] = decode(c.args || []);
    const cookie = store.exportToCookie(options, key);
    const name = key === undefined ? "pb_auth" : key;
    const out = { cookie, loadOwn: loadState(cookie, name) };
    if (c.id in pyCookies) out.loadOther = loadState(pyCookies[c.id], name);
    return out;
}

function runCookieLoad(c) {
    const [cookie, key] = c.args;
    return { store: loadState(cookie, key) };
}

function runIsValid(c) {
    const store = new LocalAuthStore();
    store.save(c.args[0], null);
    return { result: store.isValid };
}

const input = JSON.parse(readFileSync(0, "utf8"));
const { data, pyCookies = {} } = input;
const results = {};
for (const c of data.cases) {
    const kind = c.kind || "call";
    try {
        if (kind === "call") results[c.id] = await runCall(c, data.fixtures.auth);
        else if (kind === "cookie") results[c.id] = runCookie(c, data.fixtures.auth, pyCookies);
        else if (kind === "cookieLoad") results[c.id] = runCookieLoad(c);
        else if (kind === "isValid") results[c.id] = runIsValid(c);
        else results[c.id] = { driverError: "unknown kind " + kind };
    } catch (err) {
        results[c.id] = { driverError: String(err && err.stack) };
    }
}
process.stdout.write(JSON.stringify(results));
