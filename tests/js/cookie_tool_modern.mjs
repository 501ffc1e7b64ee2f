// Cross-check helper: runs the modern PocketBase JS SDK 0.28.1 auth store under node
// (installed as the npm alias "pocketbase-modern").
//
//   node cookie_tool_modern.mjs export <token> <record-json> [options-json] [key]
//       prints the cookie that LocalAuthStore.exportToCookie() gives after
//       save(token, record). "null" as record-json saves no record. Options are the JS ones
//       (camelCase); "expires" may be an ISO string (turned into a Date) and any value null
//       is passed as undefined.
//   node cookie_tool_modern.mjs load <cookie> [key]
//       prints JSON {"token", "record", "isValid", "isSuperuser"} as LocalAuthStore sees it
//       after loadFromCookie(cookie). If loadFromCookie throws, prints {"error": "..."}.
//
// Output goes to stdout without a trailing newline.

import { LocalAuthStore } from "pocketbase-modern";

function fail(message) {
    process.stderr.write(message + "\n");
    process.exit(2);
}

function toJsOptions(raw) {
    const options = {};
    for (const [key, value] of Object.entries(raw)) {
        if (value === null) {
            options[key] = undefined;
        } else if (key === "expires" && typeof value === "string") {
            options[key] = new Date(value);
        } else {
            options[key] = value;
        }
    }
    return options;
}

const [command, ...args] = process.argv.slice(2);

if (command === "export") {
    const [token, recordJson, optionsJson, key] = args;
    if (token === undefined || recordJson === undefined) {
        fail("usage: export <token> <record-json> [options-json] [key]");
    }
    const store = new LocalAuthStore();
    store.save(token, JSON.parse(recordJson));
    const options = optionsJson ? toJsOptions(JSON.parse(optionsJson)) : undefined;
    process.stdout.write(store.exportToCookie(options, key || undefined));
} else if (command === "load") {
    const [cookie, key] = args;
    if (cookie === undefined) {
        fail("usage: load <cookie> [key]");
    }
    const store = new LocalAuthStore();
    try {
        store.loadFromCookie(cookie, key || undefined);
    } catch (err) {
        process.stdout.write(JSON.stringify({ error: `${err.name}: ${err.message}` }));
        process.exit(0);
    }
    process.stdout.write(
        JSON.stringify({
            token: store.token,
            record: store.record,
            isValid: store.isValid,
            isSuperuser: store.isSuperuser,
        }),
    );
} else {
    fail("usage: cookie_tool_modern.mjs export|load ...");
}
