package latchkey

// The Go client against a packaged Latchkey (CONTRACT section 18); main_test.go starts it.

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestVerifyAnswersEveryCode(t *testing.T) {
	app := newApplication(t)
	client := newClient(t, app.secret)
	ctx := context.Background()
	code := func(key string, options VerifyOptions) string {
		verdict, err := client.Keys.Verify(ctx, key, options)
		if err != nil {
			t.Fatal(err)
		}
		return verdict.Code
	}
	revoked := admin(t, "POST", "/api/v1/applications/"+app.id+"/keys", map[string]interface{}{"name": "revoked", "environment": "live"}, app.tenant)
	admin(t, "DELETE", "/api/v1/applications/"+app.id+"/keys/"+revoked["id"].(string), nil, app.tenant)
	expiring := app.newKey(t, map[string]interface{}{"expires_at": time.Now().Add(2 * time.Second).UTC().Format(time.RFC3339Nano)})
	limited := app.newKey(t, map[string]interface{}{"rate_limit": map[string]int{"limit": 1, "window_seconds": 60}})
	for deadline := time.Now().Add(10 * time.Second); code(expiring, VerifyOptions{}) != "EXPIRED"; {
		if time.Now().After(deadline) {
			t.Fatal("the key did not expire within 10 s of its expires_at")
		}
		time.Sleep(100 * time.Millisecond)
	}
	cases := []struct {
		want, key string
		options   VerifyOptions
	}{
		{"VALID", app.newKey(t, nil), VerifyOptions{Scopes: []string{"links:read"}}},
		{"INVALID", "sk_live_" + strings.Repeat("a", 38), VerifyOptions{}},
		{"REVOKED", revoked["secret_key"].(string), VerifyOptions{}},
		{"EXPIRED", expiring, VerifyOptions{}},
		{"INSUFFICIENT_SCOPES", app.newKey(t, map[string]interface{}{"scopes": []string{"links:read"}}), VerifyOptions{Scopes: []string{"links:write"}}},
		{"ORIGIN_NOT_ALLOWED", app.publishable, VerifyOptions{Origin: "https://evil.example.com"}},
		{"SECRET_KEY_IN_BROWSER", app.newKey(t, nil), VerifyOptions{Origin: "https://app.example.com"}},
		{"VALID", limited, VerifyOptions{}},
		{"RATE_LIMITED", limited, VerifyOptions{}},
		{"DISABLED", app.newKey(t, map[string]interface{}{"enabled": false}), VerifyOptions{}},
		{"USAGE_EXCEEDED", app.newKey(t, map[string]interface{}{"credits": map[string]int{"remaining": 0}}), VerifyOptions{}},
		{"IP_NOT_ALLOWED", app.newKey(t, map[string]interface{}{"ip_allowlist": []string{"203.0.113.0/24"}}), VerifyOptions{IP: "198.51.100.7"}},
	}
	for _, c := range cases {
		if got := code(c.key, c.options); got != c.want {
			t.Errorf("verify: want %s, got %s", c.want, got)
		}
	}
}

func TestSelfAndTheDataAPIWithARestrictedKey(t *testing.T) {
	app := newApplication(t)
	ctx := context.Background()
	client := newClient(t, app.secret)
	self, err := client.Keys.Self(ctx)
	if err != nil || self["type"] != "sk" || self["application_id"] != app.id {
		t.Fatalf("self: %v %v", self, err)
	}
	note, err := client.Data.Create(ctx, "notes", Document{"title": "first"})
	if err != nil {
		t.Fatal(err)
	}
	id := note["_id"].(string)
	if updated, err := client.Data.Update(ctx, "notes", id, Document{"title": "second"}); err != nil || updated["title"] != "second" {
		t.Fatalf("update: %v %v", updated, err)
	}
	if replaced, err := client.Data.Replace(ctx, "notes", id, Document{"body": "x"}); err != nil || replaced["title"] != nil {
		t.Fatalf("replace: %v %v", replaced, err)
	}
	reader := newClient(t, app.newKey(t, map[string]interface{}{"permissions": map[string]string{"data": "read"}}))
	page, err := reader.Data.List(ctx, "notes", 200, "")
	if err != nil || len(page.Data) != 1 || page.Data[0]["_id"] != id {
		t.Fatalf("list: %v %v", page, err)
	}
	_, err = reader.Data.Create(ctx, "notes", Document{"title": "not allowed"})
	var refused *Error
	if !errors.As(err, &refused) || refused.Status != 403 || refused.Code != "insufficient_permissions" || refused.RequiredPermission != "data:write" {
		t.Fatalf("a read-only key's write: %v", err)
	}
	if err := client.Data.Delete(ctx, "notes", id); err != nil {
		t.Fatal(err)
	}
	if _, err := client.Data.Get(ctx, "notes", id); !errors.As(err, &refused) || refused.Status != 404 || refused.Code != "not_found" {
		t.Fatalf("a deleted document: %v", err)
	}
	if _, err := New(app.publishable, service.url); err == nil {
		t.Fatal("a publishable key must be refused before any request")
	}
}

func TestAccessTokensVerifyOfflineAndRefuseWhatIsNotTheirs(t *testing.T) {
	app := newApplication(t)
	ctx := context.Background()
	jwks := service.url + "/.well-known/jwks.json"
	token, err := newClient(t, app.secret).Auth.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	claims, err := VerifyAccessToken(ctx, token.AccessToken, TokenOptions{JWKSURL: jwks, Audience: app.id, Scopes: []string{"links:write"}})
	if err != nil || claims.ApplicationID != app.id {
		t.Fatalf("a genuine token: %v %v", claims, err)
	}
	narrow, _ := newClient(t, app.newKey(t, map[string]interface{}{"scopes": []string{"links:read"}})).Auth.Token(ctx)
	testToken, _ := newClient(t, app.testSecret).Auth.Token(ctx)
	parts := strings.Split(token.AccessToken, ".")
	mac := hmac.New(sha256.New, []byte("anything"))
	forgedHeader := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","kid":"x"}`))
	mac.Write([]byte(forgedHeader + "." + parts[1]))
	forged := forgedHeader + "." + parts[1] + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
	noneToken := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none"}`)) + "." + parts[1] + "."
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"iss":"latchkey","aud":"`+app.id+`","env":"live","type":"sk","token_use":"access","exp":9999999999,"scopes":["links:write"]}`)) + "." + parts[2]
	refusals := []struct {
		why     string
		token   string
		options TokenOptions
	}{
		{"another audience", token.AccessToken, TokenOptions{JWKSURL: jwks, Audience: "another-application"}},
		{"another environment", token.AccessToken, TokenOptions{JWKSURL: jwks, Audience: app.id, Environment: "test"}},
		{"another key type", token.AccessToken, TokenOptions{JWKSURL: jwks, Audience: app.id, KeyType: "pk"}},
		{"a missing scope", narrow.AccessToken, TokenOptions{JWKSURL: jwks, Audience: app.id, Scopes: []string{"links:write"}}},
		{"a test key's token", testToken.AccessToken, TokenOptions{JWKSURL: jwks, Audience: app.id}},
		{"HS256", forged, TokenOptions{JWKSURL: jwks, Audience: app.id}},
		{"alg none", noneToken, TokenOptions{JWKSURL: jwks, Audience: app.id}},
		{"tampered claims", tampered, TokenOptions{JWKSURL: jwks, Audience: app.id}},
	}
	for _, r := range refusals {
		if _, err := VerifyAccessToken(ctx, r.token, r.options); !errors.Is(err, ErrInvalidToken) {
			t.Errorf("%s: want ErrInvalidToken, got %v", r.why, err)
		}
	}
}

func TestRetriesAfterRetryAfterABoundedNumberOfTimes(t *testing.T) {
	app := newApplication(t)
	ctx := context.Background()
	limited := app.newKey(t, map[string]interface{}{"rate_limit": map[string]int{"limit": 1, "window_seconds": 1}})
	patient := newClient(t, limited, WithRetries(3, 5*time.Second))
	started := time.Now()
	for i := 0; i < 2; i++ {
		if _, err := patient.Keys.Self(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if time.Since(started) < 500*time.Millisecond {
		t.Fatal("the second call should have waited for Retry-After")
	}
	impatient := newClient(t, limited, WithRetries(0, 0))
	_, first := impatient.Keys.Self(ctx)
	_, second := impatient.Keys.Self(ctx)
	var refused *Error
	if !(errors.As(first, &refused) || errors.As(second, &refused)) || refused.Status != 429 || refused.Code != "rate_limited" || refused.RetryAfter < 0 {
		t.Fatalf("want a 429 rate_limited with Retry-After, got %v / %v", first, second)
	}
}

func TestProtectGuardsAHandler(t *testing.T) {
	app := newApplication(t)
	client := newClient(t, app.secret)
	api := httptest.NewServer(Protect(client, "links:read")(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		verdict, _ := VerdictFrom(r.Context())
		fmt.Fprint(w, verdict.KeyID)
	})))
	defer api.Close()
	call := func(key string) (int, string) {
		request, _ := http.NewRequest("GET", api.URL+"/links", nil)
		if key != "" {
			request.Header.Set("x-api-key", key)
		}
		answer, err := http.DefaultClient.Do(request)
		if err != nil {
			t.Fatal(err)
		}
		defer answer.Body.Close()
		text, _ := io.ReadAll(answer.Body)
		return answer.StatusCode, strings.TrimSpace(string(text))
	}
	if status, body := call(app.newKey(t, nil)); status != 200 || body == "" {
		t.Errorf("a valid key: %d %s", status, body)
	}
	if status, body := call(app.newKey(t, map[string]interface{}{"scopes": []string{"links:write"}})); status != 403 || !strings.Contains(body, "INSUFFICIENT_SCOPES") {
		t.Errorf("a key without the scope: %d %s", status, body)
	}
	if status, body := call("sk_live_" + strings.Repeat("b", 38)); status != 401 || !strings.Contains(body, "INVALID") {
		t.Errorf("an unknown key: %d %s", status, body)
	}
	if status, _ := call(""); status != 401 {
		t.Errorf("no key: %d", status)
	}
}
