// Package latchkey is Latchkey's server client for Go (CONTRACT section 18): a secret key on a
// server or in a serverless function, on the standard library only.
package latchkey

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// a secret key, after the operator's LATCHKEY_KEY_PREFIX when the deployment sets one
var secretKey = regexp.MustCompile(`^(?:[a-z0-9]{1,12}_)?sk_(?:live|test)_`)

// Client calls Latchkey with a secret key. Make one with New and share it.
type Client struct {
	Keys *Keys
	Auth *Auth
	Data *Data
}

// Option changes a client's defaults.
type Option func(*transport)

// WithTimeout bounds each attempt (default 10 s).
func WithTimeout(timeout time.Duration) Option {
	return func(t *transport) { t.http.Timeout = timeout }
}

// WithRetries bounds the retries of a 429 or 503 answer (default 2), each after its Retry-After
// when that is at most maxWait (default 10 s).
func WithRetries(retries int, maxWait time.Duration) Option {
	return func(t *transport) { t.retries, t.maxRetryWait = retries, maxWait }
}

// New makes a client; it refuses anything but a secret key, which must never reach a browser.
func New(secretKeyValue, baseURL string, options ...Option) (*Client, error) {
	if !secretKey.MatchString(secretKeyValue) {
		return nil, &Error{Code: "invalid_api_key", Message: "a secret key (sk_live_... or sk_test_...) is required", RetryAfter: -1}
	}
	if baseURL == "" {
		return nil, &Error{Code: "invalid_request", Message: "baseURL is required, such as https://keys.example.com", RetryAfter: -1}
	}
	t := &transport{base: strings.TrimRight(baseURL, "/"), key: secretKeyValue, http: &http.Client{Timeout: 10 * time.Second},
		retries: 2, maxRetryWait: 10 * time.Second}
	for _, option := range options {
		option(t)
	}
	return &Client{Keys: &Keys{t}, Auth: &Auth{t}, Data: &Data{t}}, nil
}

// Keys judges keys presented to your own API, and describes the client's own.
type Keys struct{ t *transport }

// VerifyOptions are verify's optional fields.
type VerifyOptions struct {
	Scopes []string `json:"scopes,omitempty"`
	Origin string   `json:"origin,omitempty"`
	IP     string   `json:"ip,omitempty"`
	Cost   *int     `json:"cost,omitempty"`
}

// Verdict is verify's answer. An invalid key is a verdict (Valid false, Code saying why), not an error.
type Verdict struct {
	Valid         bool                   `json:"valid"`
	Code          string                 `json:"code"`
	KeyID         string                 `json:"key_id"`
	Name          string                 `json:"name"`
	Type          string                 `json:"type"`
	Environment   string                 `json:"environment"`
	ApplicationID string                 `json:"application_id"`
	TenantID      string                 `json:"tenant_id"`
	Scopes        []string               `json:"scopes"`
	ExternalID    string                 `json:"external_id"`
	Meta          map[string]interface{} `json:"meta"`
	ExpiresAt     *time.Time             `json:"expires_at"`
}

// Verify judges key (POST /api/v1/keys/verify).
func (k *Keys) Verify(ctx context.Context, key string, options VerifyOptions) (*Verdict, error) {
	body := struct {
		Key string `json:"key"`
		VerifyOptions
	}{key, options}
	var verdict Verdict
	return &verdict, k.t.json(ctx, "POST", "/api/v1/keys/verify", nil, body, &verdict)
}

// Self is the keys/self answer for the client's own key, as JSON fields.
func (k *Keys) Self(ctx context.Context) (map[string]interface{}, error) {
	var self map[string]interface{}
	return self, k.t.json(ctx, "GET", "/api/v1/keys/self", nil, nil, &self)
}

// Auth mints access tokens.
type Auth struct{ t *transport }

// AccessToken is a short-lived token your own APIs check offline with VerifyAccessToken.
type AccessToken struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
}

// Token mints one (POST /api/v1/auth/token).
func (a *Auth) Token(ctx context.Context) (*AccessToken, error) {
	var token AccessToken
	return &token, a.t.json(ctx, "POST", "/api/v1/auth/token", nil, struct{}{}, &token)
}

// Data is the data API with the secret key (row-level security does not apply to it).
type Data struct{ t *transport }

// Document is a document's fields, system fields (_id, _owner, _created_at, _updated_at) included.
type Document map[string]interface{}

// Page is a page of documents; pass Next as after for the following one ("" on the last).
type Page struct {
	Data []Document `json:"data"`
	Next string     `json:"next"`
}

type one struct {
	Data Document `json:"data"`
}

// List reads a page (limit 0: the service's default; after "": from the start).
func (d *Data) List(ctx context.Context, collection string, limit int, after string) (*Page, error) {
	query := url.Values{}
	if limit > 0 {
		query.Set("limit", strconv.Itoa(limit))
	}
	if after != "" {
		query.Set("after", after)
	}
	var page Page
	return &page, d.t.json(ctx, "GET", "/api/data/"+url.PathEscape(collection), query, nil, &page)
}

// Get reads one document.
func (d *Data) Get(ctx context.Context, collection, id string) (Document, error) {
	return d.write(ctx, "GET", collection, id, nil)
}

// Create stores a new document.
func (d *Data) Create(ctx context.Context, collection string, document Document) (Document, error) {
	return d.write(ctx, "POST", collection, "", document)
}

// Replace replaces a document's fields (PUT).
func (d *Data) Replace(ctx context.Context, collection, id string, document Document) (Document, error) {
	return d.write(ctx, "PUT", collection, id, document)
}

// Update changes some fields (PATCH).
func (d *Data) Update(ctx context.Context, collection, id string, patch Document) (Document, error) {
	return d.write(ctx, "PATCH", collection, id, patch)
}

// Delete deletes a document.
func (d *Data) Delete(ctx context.Context, collection, id string) error {
	return d.t.json(ctx, "DELETE", "/api/data/"+url.PathEscape(collection)+"/"+url.PathEscape(id), nil, nil, nil)
}

func (d *Data) write(ctx context.Context, method, collection, id string, body Document) (Document, error) {
	path := "/api/data/" + url.PathEscape(collection)
	if id != "" {
		path += "/" + url.PathEscape(id)
	}
	var answer one
	var payload interface{}
	if body != nil {
		payload = body
	}
	err := d.t.json(ctx, method, path, nil, payload, &answer)
	return answer.Data, err
}
