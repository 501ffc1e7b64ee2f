// Conformance driver for the modern surface: runs the case files of tests/conformance/modern/
// through the JS SDK 0.28.1 (tests/js/node_modules/pocketbase-modern) with a recording fetch
// stub, and the `eventsource` polyfill for realtime (node 20 has no global EventSource; the
// polyfill calls the same fetch stub, which answers GET /api/realtime with a scripted stream).
//
//   node tests/conformance/driver_modern.mjs < input.json > results.json
//
// stdin:  {"data": {"fixtures": ..., "cases": [...]}} (the harness merges the case files)
// stdout: {"<case id>": <result>}; a result holds, depending on the case kind:
//   requests  [{method, url, headers, body}]: url as handed to fetch; headers as the SDK set
//             them (names lower-cased; "multipart/form-data" for a FormData body, as fetch
//             adds it); body parsed from its JSON text, {"$text"} when not JSON, or
//             {"$multipart": [{name, text} | {name, filename, contentType, text | base64}]}
//   result    the return value as JSON (a client returned by impersonate as {"$client"})
//   error     {type: "ClientResponseError", url, status, data, isAbort} or {type, message}
//   steps     [{result} | {error}] for cases with several calls on one client
//   store     {token, record} of the auth store afterwards
//   events    realtime cases: {"<listener>": [payload, ...]}; states, disconnects
//   oauth2Urls the URLs the all-in-one OAuth2 flow handed to its url callback
//
// Run with TZ=UTC (the Python side does).

import { existsSync, readFileSync } from "node:fs";

const modules = new URL("../js/node_modules/", import.meta.url);
const bundle = new URL("pocketbase-modern/dist/pocketbase.es.mjs", modules);
const polyfill = new URL("eventsource/dist/index.js", modules);
for (const file of [bundle, polyfill]) {
    if (!existsSync(file)) {
        process.stderr.write(
            "The JS SDK 0.28.1 or the eventsource polyfill is not installed: run " +
                "`npm ci --prefix tests/js` first.\n",
        );
        process.exit(3);
    }
}

const { EventSource } = await import(polyfill.href);
globalThis.EventSource = EventSource;

const sdk = await import(bundle.href);
const Client = sdk.default;
const { BaseAuthStore, ClientResponseError } = sdk;

const DEFAULT_BASE_URL = "http://pb.test";
const REALTIME_PATH = "/api/realtime";
const WAIT_LIMIT_MS = 3000;

// -- canned transport ------------------------------------------------------------------

let replies = [];
let recorded = [];
let sse = null; // the scripted realtime server of the running case

function replyText(reply) {
    if ("json" in reply) return JSON.stringify(reply.json);
    if ("text" in reply) return reply.text;
    return "";
}

function bytesRecord(bytes) {
    const text = new TextDecoder("utf-8", { fatal: true });
    try {
        return { text: text.decode(bytes) };
    } catch {
        return { base64: Buffer.from(bytes).toString("base64") };
    }
}

async function recordBody(body) {
    if (body === undefined || body === null) return null;
    if (typeof body === "string") {
        if (body === "") return null;
        try {
            return JSON.parse(body);
        } catch {
            return { $text: body };
        }
    }
    if (body instanceof FormData) {
        const parts = [];
        for (const [name, value] of body.entries()) {
            if (typeof value === "string") {
                parts.push({ name, text: value });
            } else {
                const bytes = new Uint8Array(await value.arrayBuffer());
                parts.push({
                    name,
                    filename: value.name,
                    // what fetch writes for a file part whose type is unknown
                    contentType: value.type || "application/octet-stream",
                    ...bytesRecord(bytes),
                });
            }
        }
        return { $multipart: parts };
    }
    return { $text: String(body) };
}

function recordHeaders(headers, body) {
    const out = {};
    for (const [name, value] of Object.entries(headers || {})) {
        out[name.toLowerCase()] = String(value);
    }
    if (body instanceof FormData && !("content-type" in out)) {
        out["content-type"] = "multipart/form-data"; // fetch adds it, with the boundary
    }
    return out;
}

globalThis.fetch = async (url, config = {}) => {
    const method = config.method === undefined ? "GET" : config.method;
    recorded.push({
        method,
        url: String(url),
        headers: recordHeaders(config.headers, config.body),
        body: await recordBody(config.body),
    });
    if (method === "GET" && sse !== null && new URL(url).pathname.endsWith(REALTIME_PATH)) {
        return sse.open(config.signal);
    }
    const reply = replies.shift();
    if (reply === undefined) {
        throw new TypeError("conformance driver: no canned reply left for " + url);
    }
    const text = replyText(reply);
    if (method === "POST" && sse !== null && new URL(url).pathname.endsWith(REALTIME_PATH)) {
        sse.posted();
    }
    return {
        status: reply.status === undefined ? 200 : reply.status,
        url: String(url),
        json: async () => JSON.parse(text),
    };
};

// -- scripted realtime server ----------------------------------------------------------

class ScriptedSSE {
    constructor(config) {
        this.clientIds = (config && config.clientIds) || ["cid1", "cid2", "cid3"];
        this.failures = (config && config.failConnects) || [];
        this.connections = 0;
        this.current = null;
        this.posts = 0;
    }

    open(signal) {
        const index = this.connections++;
        const failure = this.failures[index];
        if (failure !== undefined && failure !== null) {
            return new Response(JSON.stringify(failure.json || {}), {
                status: failure.status,
                headers: { "content-type": "application/json" },
            });
        }
        const clientId = this.clientIds[index] || "cid" + (index + 1);
        const encoder = new TextEncoder();
        const self = this;
        let controller;
        const stream = new ReadableStream({
            start(c) {
                controller = c;
                const data = JSON.stringify({ clientId });
                c.enqueue(encoder.encode(`id:${clientId}\nevent:PB_CONNECT\ndata:${data}\n\n`));
            },
            cancel() {
                if (self.current && self.current.controller === controller) self.current = null;
            },
        });
        this.current = {
            controller,
            clientId,
            send(event, data) {
                const text = typeof data === "string" ? data : JSON.stringify(data);
                controller.enqueue(encoder.encode(`event:${event}\ndata:${text}\n\n`));
            },
        };
        if (signal) {
            signal.addEventListener("abort", () => {
                try {
                    controller.close();
                } catch {
                    // already closed
                }
            });
        }
        return new Response(stream, {
            status: 200,
            headers: { "content-type": "text/event-stream" },
        });
    }

    posted() {
        this.posts += 1;
    }

    send(event, data) {
        if (this.current === null) throw new Error("conformance driver: no open realtime stream");
        this.current.send(event, data);
    }
}

// -- values ------------------------------------------------------------------------------

function fileFrom(spec) {
    const data =
        "base64" in spec ? Buffer.from(spec.base64, "base64") : new TextEncoder().encode(spec.text);
    if (spec.name === undefined) return new Blob([data], spec.type ? { type: spec.type } : {});
    return new File([data], spec.name, spec.type ? { type: spec.type } : {});
}

function decode(value) {
    if (Array.isArray(value)) return value.map(decode);
    if (value !== null && typeof value === "object") {
        if ("$file" in value) return fileFrom(value.$file);
        if ("$date" in value) return new Date(value.$date);
        if ("$record" in value) return decode(value.$record);
        if ("$undefined" in value) return undefined;
        const out = {};
        for (const key of Object.keys(value)) out[key] = decode(value[key]);
        return out;
    }
    return value;
}

function plain(value) {
    if (value instanceof Client) {
        return { $client: { baseURL: value.baseURL, lang: value.lang, store: storeState(value.authStore) } };
    }
    return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

function storeState(store) {
    return { token: store.token, record: store.record ? plain(store.record) : null };
}

function errorShape(err) {
    if (err instanceof ClientResponseError) {
        return {
            type: "ClientResponseError",
            url: err.url,
            status: err.status,
            data: plain(err.response),
            isAbort: err.isAbort,
        };
    }
    return { type: err && err.constructor ? err.constructor.name : typeof err, message: String(err && err.message) };
}

function makeStore(fixture) {
    const store = new BaseAuthStore();
    if (fixture) store.save(fixture.token, fixture.record === null ? null : decode(fixture.record));
    return store;
}

function makeClient(c, fixtures) {
    const client = c.client || {};
    const pb = new Client(
        client.baseURL === undefined ? DEFAULT_BASE_URL : client.baseURL,
        makeStore(fixtures[c.auth || "empty"]),
        client.lang,
    );
    return pb;
}

function target(pb, name) {
    if (name === "client") return pb;
    if (name.startsWith("collection:")) return pb.collection(name.slice("collection:".length));
    return pb[name];
}

async function sleep(ms) {
    await new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(check) {
    const started = Date.now();
    while (!check()) {
        if (Date.now() - started > WAIT_LIMIT_MS) return false;
        await sleep(5);
    }
    return true;
}

// -- case runners ------------------------------------------------------------------------

// Where the options object goes for methods with optional positional parameters before it
// (the other methods take it right after their required arguments).
const OPTIONS_AT = {
    getList: 2,
    create: 1,
    update: 2,
    testS3: 1,
    import: 2,
    impersonate: 2,
    authWithOAuth2Code: 5,
};

// One call on the client; the all-in-one OAuth2 flow gets a url callback that records the URL
// and lets the scripted server push the case's @oauth2 event.
async function invoke(pb, step, out) {
    const [service, method] = step.call;
    const args = decode(step.args || []);
    if (step.options !== undefined) {
        // optional positional parameters before the options object stay at their defaults
        const at = OPTIONS_AT[method];
        while (at !== undefined && args.length < at) args.push(undefined);
        const options = decode(step.options);
        if (step.oauth2Event !== undefined) {
            options.urlCallback = (url) => {
                out.oauth2Urls = (out.oauth2Urls || []).concat([url]);
                const event = Object.assign({}, step.oauth2Event);
                if (event.state === "$clientId") event.state = sse.current.clientId;
                setTimeout(() => sse.send("@oauth2", event), 0);
            };
        }
        args.push(options);
    }
    return target(pb, service)[method](...args);
}

async function runStep(pb, step, out) {
    const entry = {};
    try {
        entry.result = plain(await invoke(pb, step, out));
    } catch (err) {
        entry.error = errorShape(err);
    }
    return entry;
}

async function runCall(c, fixtures) {
    const pb = makeClient(c, fixtures);
    replies = (c.replies || []).slice();
    recorded = [];
    sse = new ScriptedSSE(c.sse);
    const out = {};
    if (c.steps) {
        out.steps = [];
        for (const step of c.steps) out.steps.push(await runStep(pb, step, out));
    } else {
        Object.assign(out, await runStep(pb, c, out));
    }
    out.requests = recorded;
    out.store = storeState(pb.authStore);
    if (replies.length) out.unusedReplies = replies.length;
    return out;
}

async function runBatch(c, fixtures) {
    const pb = makeClient(c, fixtures);
    replies = (c.replies || []).slice();
    recorded = [];
    sse = null;
    const batch = pb.createBatch();
    const out = {};
    try {
        for (const [collection, method, ...args] of c.queue) {
            batch.collection(collection)[method](...decode(args));
        }
        const options = c.options === undefined ? [] : [decode(c.options)];
        out.result = plain(await batch.send(...options));
    } catch (err) {
        out.error = errorShape(err);
    }
    out.requests = recorded;
    out.store = storeState(pb.authStore);
    if (replies.length) out.unusedReplies = replies.length;
    return out;
}

// Realtime: steps on one client; listeners record the payloads they receive.
async function runRealtime(c, fixtures) {
    const pb = makeClient(c, fixtures);
    replies = (c.replies || []).slice();
    recorded = [];
    sse = new ScriptedSSE(c.sse);
    const out = { events: {}, states: [], disconnects: [], steps: [] };
    const removers = {};
    let deliveries = 0;
    pb.realtime.onDisconnect = (active) => out.disconnects.push(active.slice());
    const listener = (name) => {
        out.events[name] = out.events[name] || [];
        return (data) => {
            out.events[name].push(plain(data));
            deliveries += 1;
        };
    };
    for (const step of c.steps) {
        const entry = {};
        try {
            if (step.op === "subscribe") {
                const args = [step.topic, listener(step.as)];
                if (step.options !== undefined) args.push(decode(step.options));
                removers[step.as] = await target(pb, step.target).subscribe(...args);
            } else if (step.op === "unsubscribe") {
                const args = step.topic === undefined ? [] : [step.topic];
                await target(pb, step.target).unsubscribe(...args);
            } else if (step.op === "unsubscribeByPrefix") {
                await pb.realtime.unsubscribeByPrefix(step.prefix);
            } else if (step.op === "remove") {
                await removers[step.of]();
            } else if (step.op === "event") {
                const expected = deliveries + (step.deliveries || 0);
                sse.send(step.event, step.data);
                await waitFor(() => deliveries >= expected);
                await sleep(20); // a delivery beyond the expected ones would show up now
            } else if (step.op === "state") {
                out.states.push({ isConnected: pb.realtime.isConnected });
            } else if (step.op === "call") {
                entry.result = plain(await invoke(pb, step, out));
            } else {
                throw new Error("unknown realtime op " + step.op);
            }
        } catch (err) {
            entry.error = errorShape(err);
        }
        out.steps.push(entry);
    }
    out.requests = recorded.slice();
    out.store = storeState(pb.authStore);
    if (replies.length) out.unusedReplies = replies.length;
    // tear down without recording: close the stream, forget the listeners
    pb.realtime.onDisconnect = undefined;
    replies = [{ status: 204 }];
    await pb.realtime.unsubscribe();
    return out;
}

const RUNNERS = { call: runCall, batch: runBatch, realtime: runRealtime };

const input = JSON.parse(readFileSync(0, "utf8"));
const { data } = input;
const results = {};
for (const c of data.cases) {
    const kind = c.kind || "call";
    try {
        const runner = RUNNERS[kind];
        results[c.id] = runner ? await runner(c, data.fixtures.auth) : { driverError: "unknown kind " + kind };
    } catch (err) {
        results[c.id] = { driverError: String(err && err.stack) };
    }
}
sse = null;
// The realtime services may keep timers alive; the results are complete, so leave now.
process.stdout.write(JSON.stringify(results), () => process.exit(0));
