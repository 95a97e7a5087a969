package latchkey

import "fmt"

// Error is a failed call: the contract's error body with the HTTP status (0 when no answer came:
// Code "timeout" or "network_error").
type Error struct {
	Status             int
	Code               string `json:"error"`
	Message            string `json:"message"`
	RequiredPermission string `json:"required_permission"`
	// RetryAfter is the answer's Retry-After in seconds, or -1 when it had none.
	RetryAfter float64
}

func (e *Error) Error() string {
	return fmt.Sprintf("latchkey: %d %s: %s", e.Status, e.Code, e.Message)
}
