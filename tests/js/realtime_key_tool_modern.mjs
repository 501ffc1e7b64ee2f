// Cross-check helper: the subscription keys the modern PocketBase JS SDK 0.28.1 (npm alias
// "pocketbase-modern") builds for realtime subscriptions with options, under node.
//
//   node realtime_key_tool_modern.mjs '<cases-json>'
//       cases: [{"topic": "...", "options": {...} | null, "collection": "..." | null}, ...]
//       With "collection", pb.collection(collection).subscribe(topic, cb, options) is called,
//       otherwise pb.realtime.subscribe(topic, cb, options); "options": null passes none.
//       Prints a JSON array with the subscription key of each case, in order.
//
// No server is involved: a stand-in EventSource never connects, and the key is read from the
// SDK's subscription table right after the call (it is stored before the SDK awaits anything).

import PocketBase from "pocketbase-modern";

class SilentEventSource {
    constructor(url) {
        this.url = url;
    }
    addEventListener() {}
    removeEventListener() {}
    close() {}
}
globalThis.EventSource = SilentEventSource;

const cases = JSON.parse(process.argv[2] ?? "[]");
const keys = [];
for (const item of cases) {
    const pb = new PocketBase("http://127.0.0.1:9");
    const options = item.options === null ? undefined : item.options;
    const callback = () => {};
    const pending = item.collection
        ? pb.collection(item.collection).subscribe(item.topic, callback, options)
        : pb.realtime.subscribe(item.topic, callback, options);
    pending.catch(() => {});
    keys.push(Object.keys(pb.realtime.subscriptions));
}
process.stdout.write(JSON.stringify(keys));
process.exit(0);
