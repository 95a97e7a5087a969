// The main flow through the client openapi-generator makes from docs/openapi.yaml (typescript-fetch),
// used as an integrator would, on Node's own fetch: tenant, application, restricted keys (the
// read_only preset and a map), rotation, identify, keys/self, verify, documents, end users, usage
// and the audit log. Each step checks what it got back; the first mismatch throws.
import {
    ApplicationsApi, AuditApi, Configuration, DataApi, EndUsersApi, KeysApi, TenantsApi, TokensApi, UsageApi,
} from "../target/typescript-fetch";

function expect(condition: unknown, what: string): void {
    if (!condition) {
        throw new Error(`generated client flow: ${what}`);
    }
}

export async function mainFlow(basePath: string, adminToken: string): Promise<string[]> {
    const steps: string[] = [];
    const admin = new Configuration({ basePath, accessToken: adminToken });
    const withKey = (apiKey: string) => new Configuration({ basePath, apiKey });
    const tenant = `generated-${Date.now()}`;

    const created = await new TenantsApi(admin).createTenant({ tenantRequest: { id: tenant, name: "Generated client" } });
    expect(created.id === tenant, "the tenant");
    steps.push("createTenant");
    const app = await new ApplicationsApi(admin).createApplication({ applicationFields: { name: "Generated" }, xTenant: tenant });
    const appId = app.id!;
    const publishable = app.keys!["live"]!.publishableKey!;
    expect(publishable.startsWith("pk_live_") && app.keys!["live"]!.secretKey!.startsWith("sk_live_"), "the four keys");
    steps.push("createApplication");

    const keys = new KeysApi(admin);
    const readOnly = await keys.createKey({ id: appId, keyRequest: { name: "read only", environment: "live", permissions: "read_only" } });
    expect(readOnly.permissions?.["data"] === "read" && readOnly.permissions?.["keys"] === "read", "read_only is every resource at read");
    const writer = await keys.createKey({ id: appId, keyRequest: { name: "writer", environment: "live", permissions: { data: "write" } } });
    expect(writer.permissions?.["data"] === "write" && writer.permissions?.["audit"] === "none", "a map is exactly what it says");
    steps.push("createKey (preset and map)");
    const rotated = await keys.rotateSecret({ id: appId, rotateRequest: { environment: "live", gracePeriodSeconds: 0 } });
    const secret = rotated.secretKey!;
    steps.push("rotateSecret");

    const identity = await new KeysApi(withKey(publishable)).identify({ identifyRequest: { publishableKey: publishable } });
    expect(identity.applicationId === appId && identity.environment === "live", "identify");
    const self = await new KeysApi(withKey(secret)).getKeySelf();
    expect(self.applicationId === appId && self.type === "sk", "keys/self");
    const verdict = await new KeysApi(withKey(secret)).verifyKey({ verifyRequest: { key: writer.secretKey! } });
    expect(verdict.valid === true && verdict.code === "VALID", "verify");
    const token = await new TokensApi(withKey(secret)).createAccessToken({});
    expect(token.tokenType === "Bearer" && (token.accessToken ?? "").split(".").length === 3, "an access token");
    steps.push("identify, keys/self, verify, token");

    const data = new DataApi(withKey(writer.secretKey!));
    const stored = await data.createDocument({ collection: "notes", body: { title: "from a generated client" } });
    const id = (stored.data as Record<string, unknown>)["_id"] as string;
    const read = await new DataApi(withKey(readOnly.secretKey!)).getDocument({ collection: "notes", id });
    expect((read.data as Record<string, unknown>)["title"] === "from a generated client", "a document read back");
    steps.push("createDocument, getDocument");

    const email = `generated-${Date.now()}@example.com`;
    const users = new EndUsersApi(withKey(publishable));
    const session = await users.signup({ credentials: { email, password: "correct horse battery staple" } });
    expect(session.user?.email === email && session.token, "signup");
    const login = await users.login({ credentials: { email, password: "correct horse battery staple" } });
    expect(login.user?.id === session.user?.id, "login");
    steps.push("signup, login");

    const usage = await new UsageApi(admin).getUsage({ id: appId });
    expect(Array.isArray(usage.data), "usage");
    const audit = await new AuditApi(admin).listAuditLog({ id: appId });
    expect((audit.data ?? []).some((entry) => entry.action === "key.rotate"), "the rotation in the audit log");
    steps.push("usage, audit log");
    return steps;
}
