// Cross-check helper: runs the reference PocketBase JS SDK 0.7.4 auth store under node.
//
//   node cookie_tool.mjs export <token> <model-json> <user|admin> [options-json] [key]
//       prints the cookie that JS's LocalAuthStore.exportToCookie() gives after
//       save(token, new User(model) | new Admin(model)). "null" as model-json saves no model.
//       Options are the JS ones (camelCase); "expires" may be an ISO string (turned into a
//       Date) and any value null is passed as undefined.
//   node cookie_tool.mjs load <cookie> [key]
//       prints JSON {"token", "model", "kind"} as JS's LocalAuthStore sees it after
//       loadFromCookie(cookie): model is model.export() (or null), kind "user" | "admin" | null.
//       If loadFromCookie throws, prints {"error": "<name>: <message>"}.
//
// Output goes to stdout without a trailing newline.

import { Admin, LocalAuthStore, User } from "pocketbase";

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
    const [token, modelJson, kind, optionsJson, key] = args;
    if (token === undefined || modelJson === undefined || !["user", "admin"].includes(kind)) {
        fail("usage: export <token> <model-json> <user|admin> [options-json] [key]");
    }
    const data = JSON.parse(modelJson);
    const model = data === null ? null : kind === "user" ? new User(data) : new Admin(data);
    const store = new LocalAuthStore();
    store.save(token, model);
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
    const model = store.model;
    const kind = model === null ? null : model instanceof User ? "user" : "admin";
    process.stdout.write(
        JSON.stringify({ token: store.token, model: model ? model.export() : null, kind }),
    );
} else {
    fail("usage: cookie_tool.mjs export|load ...");
}
