package telegramtest

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// apiError is an unsuccessful Bot API answer: the error_code, the
// description exactly as Telegram words it, and the optional
// ResponseParameters.
type apiError struct {
	Code        int
	Description string
	RetryAfter  int
}

// Error returns the description.
func (e *apiError) Error() string { return e.Description }

// badRequest is a 400 answer; desc follows "Bad Request: ".
func badRequest(desc string) *apiError {
	return &apiError{Code: http.StatusBadRequest, Description: "Bad Request: " + desc}
}

// forbidden is a 403 answer; desc follows "Forbidden: ".
func forbidden(desc string) *apiError {
	return &apiError{Code: http.StatusForbidden, Description: "Forbidden: " + desc}
}

// tooManyRequests is the 429 answer telling the bot to wait seconds.
func tooManyRequests(seconds int) *apiError {
	return &apiError{
		Code:        http.StatusTooManyRequests,
		Description: fmt.Sprintf("Too Many Requests: retry after %d", seconds),
		RetryAfter:  seconds,
	}
}

// conflict is a 409 answer; desc follows "Conflict: ".
func conflict(desc string) *apiError {
	return &apiError{Code: http.StatusConflict, Description: "Conflict: " + desc}
}

// The fixed answers Telegram gives for a bad token, an unknown method and
// an unknown chat.
var (
	errUnauthorized = &apiError{Code: http.StatusUnauthorized, Description: "Unauthorized"}
	errNotFound     = &apiError{Code: http.StatusNotFound, Description: "Not Found"}
	errChatNotFound = badRequest("chat not found")
)

// defaultDescription names an error code the way Telegram does when a fault
// is injected without a description.
func defaultDescription(code int) string {
	switch code {
	case http.StatusBadRequest:
		return "Bad Request"
	case http.StatusUnauthorized:
		return "Unauthorized"
	case http.StatusForbidden:
		return "Forbidden"
	case http.StatusNotFound:
		return "Not Found"
	case http.StatusConflict:
		return "Conflict"
	}
	return http.StatusText(code)
}

// described is a successful result that also carries a description, as
// setWebhook's "Webhook was set".
type described struct {
	result      any
	description string
}

// envelope is the JSON object every Bot API answer is wrapped in.
type envelope struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result,omitempty"`
	ErrorCode   int             `json:"error_code,omitempty"`
	Description string          `json:"description,omitempty"`
	Parameters  *responseParams `json:"parameters,omitempty"`
}

// responseParams is the Bot API "ResponseParameters" object.
type responseParams struct {
	RetryAfter int `json:"retry_after,omitempty"`
}

// errorEnvelope wraps an error answer.
func errorEnvelope(e *apiError) envelope {
	env := envelope{ErrorCode: e.Code, Description: e.Description}
	if e.RetryAfter > 0 {
		env.Parameters = &responseParams{RetryAfter: e.RetryAfter}
	}
	return env
}

// writeEnvelope sends env with the HTTP status Telegram uses for it.
func writeEnvelope(w http.ResponseWriter, env envelope) {
	status := http.StatusOK
	if !env.OK {
		status = env.ErrorCode
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(env)
}
