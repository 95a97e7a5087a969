package latchkey

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strings"
)

type verdictKey struct{}

// Protect is net/http middleware: a request passes only with an API key (x-api-key, or a bearer
// value starting pk_ or sk_) that Latchkey judges valid and holding every scope. Refused ones
// get 401 (403 when scopes are missing) and the verify code as {"error": code}; passed ones
// carry the verdict (VerdictFrom).
func Protect(client *Client, scopes ...string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			key := presentedKey(r)
			if key == "" {
				answer(w, http.StatusUnauthorized, "missing_credentials")
				return
			}
			ip, _, _ := net.SplitHostPort(r.RemoteAddr)
			verdict, err := client.Keys.Verify(r.Context(), key, VerifyOptions{Scopes: scopes, IP: ip})
			switch {
			case err != nil:
				answer(w, http.StatusServiceUnavailable, "unavailable")
			case !verdict.Valid && verdict.Code == "INSUFFICIENT_SCOPES":
				answer(w, http.StatusForbidden, verdict.Code)
			case !verdict.Valid:
				answer(w, http.StatusUnauthorized, verdict.Code)
			default:
				next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), verdictKey{}, verdict)))
			}
		})
	}
}

// VerdictFrom is the verdict Protect put on a request that passed.
func VerdictFrom(ctx context.Context) (*Verdict, bool) {
	verdict, ok := ctx.Value(verdictKey{}).(*Verdict)
	return verdict, ok
}

func presentedKey(r *http.Request) string {
	if key := r.Header.Get("x-api-key"); key != "" {
		return key
	}
	bearer := strings.TrimSpace(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
	if strings.Contains(bearer, "pk_") || strings.Contains(bearer, "sk_") {
		return bearer
	}
	return ""
}

func answer(w http.ResponseWriter, status int, code string) {
	w.Header().Set("content-type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": code})
}
