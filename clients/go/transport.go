package latchkey

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// transport is the one place requests are made: a timeout per attempt, bounded retries of 429
// and 503 answers after their Retry-After, and every non-2xx answer returned as an *Error.
type transport struct {
	base         string
	key          string
	http         *http.Client
	retries      int
	maxRetryWait time.Duration
}

func (t *transport) json(ctx context.Context, method, path string, query url.Values, body, into interface{}) error {
	target := t.base + path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return err
		}
	}
	for attempt := 0; ; attempt++ {
		request, err := http.NewRequestWithContext(ctx, method, target, bytes.NewReader(payload))
		if err != nil {
			return err
		}
		request.Header.Set("x-api-key", t.key)
		request.Header.Set("accept", "application/json")
		if body != nil {
			request.Header.Set("content-type", "application/json")
		}
		answer, err := t.http.Do(request)
		if err != nil {
			var timeout interface{ Timeout() bool }
			if errors.As(err, &timeout) && timeout.Timeout() {
				return &Error{Code: "timeout", Message: "no answer in time: " + err.Error(), RetryAfter: -1}
			}
			return &Error{Code: "network_error", Message: "the request failed: " + err.Error(), RetryAfter: -1}
		}
		text, err := io.ReadAll(answer.Body)
		answer.Body.Close()
		if err != nil {
			return &Error{Status: answer.StatusCode, Code: "network_error", Message: err.Error(), RetryAfter: -1}
		}
		wait := retryAfter(answer.Header)
		if (answer.StatusCode == 429 || answer.StatusCode == 503) && attempt < t.retries && wait >= 0 &&
			time.Duration(wait*float64(time.Second)) <= t.maxRetryWait {
			select {
			case <-time.After(time.Duration(wait * float64(time.Second))):
				continue
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		if answer.StatusCode >= 300 {
			failure := &Error{Status: answer.StatusCode, Code: "http_" + strconv.Itoa(answer.StatusCode), Message: answer.Status, RetryAfter: wait}
			_ = json.Unmarshal(text, failure)
			return failure
		}
		if into == nil || len(text) == 0 {
			return nil
		}
		return json.Unmarshal(text, into)
	}
}

func retryAfter(header http.Header) float64 {
	value := strings.TrimSpace(header.Get("Retry-After"))
	if value == "" {
		return -1
	}
	seconds, err := strconv.ParseFloat(value, 64)
	if err != nil || seconds < 0 {
		return -1
	}
	return seconds
}
