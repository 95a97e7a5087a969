package latchkey

// The JWS check of access tokens is written here by hand, on crypto/rsa and crypto/ecdsa: the
// client keeps to the standard library, and the Go module proxy (where a JOSE library would come
// from) is not reachable where this project is built. It accepts exactly RS256 and ES256 with a
// key of the published set, and nothing else (no "none", no HMAC).

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"time"
)

// TokenOptions says what a token must be to pass: meant for Audience (the Latchkey application
// id), of Environment ("live" unless set) and KeyType ("sk" unless set), holding every Scope.
type TokenOptions struct {
	JWKSURL     string
	Audience    string
	Scopes      []string
	Environment string
	KeyType     string
}

// Claims are an access token's claims.
type Claims struct {
	Subject       string      `json:"sub"`
	Issuer        string      `json:"iss"`
	Audience      interface{} `json:"aud"`
	ApplicationID string      `json:"application_id"`
	TenantID      string      `json:"tenant_id"`
	Environment   string      `json:"env"`
	Type          string      `json:"type"`
	Scopes        []string    `json:"scopes"`
	TokenUse      string      `json:"token_use"`
	ExpiresAt     int64       `json:"exp"`
}

// ErrInvalidToken wraps every refusal of VerifyAccessToken.
var ErrInvalidToken = errors.New("latchkey: invalid access token")

var keySets sync.Map // JWKS URL -> *keySet

type keySet struct {
	mu      sync.Mutex
	keys    map[string]crypto.PublicKey
	fetched time.Time
}

// VerifyAccessToken checks a token offline: its signature against the published keys (fetched
// once per URL, again when a token names a key id not held, at most every 10 s), then issuer,
// audience, expiry, token use, environment, key type and scopes.
func VerifyAccessToken(ctx context.Context, token string, options TokenOptions) (*Claims, error) {
	if options.JWKSURL == "" || options.Audience == "" {
		return nil, fmt.Errorf("latchkey: JWKSURL and Audience (the Latchkey application id) are required")
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, refuse("not a JWS")
	}
	var header struct {
		Alg string `json:"alg"`
		Kid string `json:"kid"`
	}
	if err := decodeSegment(parts[0], &header); err != nil {
		return nil, refuse("bad header")
	}
	signature, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return nil, refuse("bad signature encoding")
	}
	key, err := publicKey(ctx, options.JWKSURL, header.Kid)
	if err != nil {
		return nil, err
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if !verifies(header.Alg, key, digest[:], signature) {
		return nil, refuse("the signature does not verify with the published key " + header.Kid)
	}
	var claims Claims
	if err := decodeSegment(parts[1], &claims); err != nil {
		return nil, refuse("bad claims")
	}
	return &claims, check(&claims, options)
}

func verifies(alg string, key crypto.PublicKey, digest, signature []byte) bool {
	switch alg {
	case "RS256":
		rsaKey, ok := key.(*rsa.PublicKey)
		return ok && rsa.VerifyPKCS1v15(rsaKey, crypto.SHA256, digest, signature) == nil
	case "ES256":
		ecKey, ok := key.(*ecdsa.PublicKey)
		if !ok || len(signature) != 64 {
			return false
		}
		return ecdsa.Verify(ecKey, digest, new(big.Int).SetBytes(signature[:32]), new(big.Int).SetBytes(signature[32:]))
	default:
		return false // "none", HMAC with a public key as secret, anything else
	}
}

func check(claims *Claims, options TokenOptions) error {
	environment, keyType := options.Environment, options.KeyType
	if environment == "" {
		environment = "live"
	}
	if keyType == "" {
		keyType = "sk"
	}
	switch {
	case claims.Issuer != "latchkey":
		return refuse("issuer " + claims.Issuer)
	case !audienceHolds(claims.Audience, options.Audience):
		return refuse("meant for another audience")
	case claims.ExpiresAt == 0 || time.Now().Unix() >= claims.ExpiresAt:
		return refuse("expired")
	case claims.TokenUse != "access":
		return refuse("not an access token")
	case claims.Environment != environment:
		return refuse("a " + claims.Environment + " token, this API serves " + environment)
	case claims.Type != keyType:
		return refuse("a token of a " + claims.Type + " key, this API takes " + keyType)
	}
	for _, wanted := range options.Scopes {
		if !contains(claims.Scopes, wanted) {
			return refuse("missing scope " + wanted)
		}
	}
	return nil
}

func audienceHolds(audience interface{}, wanted string) bool {
	switch value := audience.(type) {
	case string:
		return value == wanted
	case []interface{}:
		for _, one := range value {
			if one == wanted {
				return true
			}
		}
	}
	return false
}

func publicKey(ctx context.Context, jwksURL, kid string) (crypto.PublicKey, error) {
	loaded, _ := keySets.LoadOrStore(jwksURL, &keySet{})
	set := loaded.(*keySet)
	set.mu.Lock()
	defer set.mu.Unlock()
	if key, ok := set.keys[kid]; ok {
		return key, nil
	}
	if time.Since(set.fetched) < 10*time.Second && set.keys != nil {
		return nil, refuse("no published key " + kid)
	}
	keys, err := fetchKeys(ctx, jwksURL)
	if err != nil {
		return nil, err
	}
	set.keys, set.fetched = keys, time.Now()
	if key, ok := keys[kid]; ok {
		return key, nil
	}
	return nil, refuse("no published key " + kid)
}

func fetchKeys(ctx context.Context, jwksURL string) (map[string]crypto.PublicKey, error) {
	request, err := http.NewRequestWithContext(ctx, "GET", jwksURL, nil)
	if err != nil {
		return nil, err
	}
	answer, err := (&http.Client{Timeout: 10 * time.Second}).Do(request)
	if err != nil {
		return nil, fmt.Errorf("latchkey: reading the key set: %w", err)
	}
	defer answer.Body.Close()
	var document struct {
		Keys []struct {
			Kty, Kid, N, E, Crv, X, Y string
		} `json:"keys"`
	}
	if answer.StatusCode != 200 {
		return nil, fmt.Errorf("latchkey: the key set answered %d", answer.StatusCode)
	}
	if err := json.NewDecoder(answer.Body).Decode(&document); err != nil {
		return nil, fmt.Errorf("latchkey: the key set is not JSON: %w", err)
	}
	keys := map[string]crypto.PublicKey{}
	for _, jwk := range document.Keys {
		switch {
		case jwk.Kty == "RSA":
			n, errN := base64.RawURLEncoding.DecodeString(jwk.N)
			e, errE := base64.RawURLEncoding.DecodeString(jwk.E)
			if errN == nil && errE == nil {
				keys[jwk.Kid] = &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
			}
		case jwk.Kty == "EC" && jwk.Crv == "P-256":
			x, errX := base64.RawURLEncoding.DecodeString(jwk.X)
			y, errY := base64.RawURLEncoding.DecodeString(jwk.Y)
			point := &ecdsa.PublicKey{Curve: elliptic.P256(), X: new(big.Int).SetBytes(x), Y: new(big.Int).SetBytes(y)}
			if errX == nil && errY == nil && point.Curve.IsOnCurve(point.X, point.Y) {
				keys[jwk.Kid] = point
			}
		}
	}
	return keys, nil
}

func decodeSegment(segment string, into interface{}) error {
	raw, err := base64.RawURLEncoding.DecodeString(segment)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, into)
}

func refuse(why string) error {
	return fmt.Errorf("%w: %s", ErrInvalidToken, why)
}

func contains(values []string, wanted string) bool {
	for _, value := range values {
		if value == wanted {
			return true
		}
	}
	return false
}
