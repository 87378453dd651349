package telegramtest

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// sandboxRoutes is the JSON API a sandbox page uses to act as the humans.
func (s *Server) sandboxRoutes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /_sandbox/users", route(func(*http.Request, none) (any, error) { return s.Users(), nil }))
	mux.HandleFunc("POST /_sandbox/users", route(func(_ *http.Request, u User) (any, error) { return s.AddUser(u), nil }))
	mux.HandleFunc("POST /_sandbox/users/{id}/block", route(s.sandboxBlock(true)))
	mux.HandleFunc("POST /_sandbox/users/{id}/unblock", route(s.sandboxBlock(false)))
	mux.HandleFunc("POST /_sandbox/groups", route(func(_ *http.Request, g Group) (any, error) { return s.AddGroup(g) }))
	mux.HandleFunc("GET /_sandbox/chats", route(func(*http.Request, none) (any, error) { return s.Chats(), nil }))
	mux.HandleFunc("GET /_sandbox/chats/{id}", route(s.sandboxView))
	mux.HandleFunc("GET /_sandbox/chats/{id}/commands", route(s.sandboxCommands))
	mux.HandleFunc("POST /_sandbox/chats/{id}/messages", route(s.sandboxSend))
	mux.HandleFunc("POST /_sandbox/chats/{id}/press", route(s.sandboxPress))
	mux.HandleFunc("POST /_sandbox/chats/{id}/join", route(s.sandboxMembership(true)))
	mux.HandleFunc("POST /_sandbox/chats/{id}/leave", route(s.sandboxMembership(false)))
	mux.HandleFunc("GET /_sandbox/events", route(s.sandboxEvents))
	mux.HandleFunc("GET /_sandbox/calls", route(s.sandboxCalls))
	mux.HandleFunc("GET /_sandbox/stats", route(func(*http.Request, none) (any, error) { return s.Stats(), nil }))
	mux.HandleFunc("POST /_sandbox/faults", route(func(_ *http.Request, f Fault) (any, error) { s.Inject(f); return ok{true}, nil }))
	mux.HandleFunc("GET /_sandbox/files/{file_id}", s.sandboxFile)
	return mux
}

// none is the input of routes that read no body.
type none struct{}

// ok is the answer of routes that have nothing else to say.
type ok struct {
	OK bool `json:"ok"`
}

// errorBody is the answer of a failed sandbox request.
type errorBody struct {
	Error string `json:"error"`
}

// errBadPath reports an id in the path that is not a number.
var errBadPath = errors.New("telegramtest: bad id in path")

// route adapts fn: it decodes the JSON body into In and writes fn's result,
// or {"error": "..."} with status 400.
func route[In any](fn func(r *http.Request, in In) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var in In
		if r.Method != http.MethodGet {
			err := json.NewDecoder(io.LimitReader(r.Body, maxRequestBytes)).Decode(&in)
			if err != nil && !errors.Is(err, io.EOF) {
				writeJSON(w, http.StatusBadRequest, errorBody{"telegramtest: bad JSON body: " + err.Error()})
				return
			}
		}
		out, err := fn(r, in)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, errorBody{err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, out)
	}
}

// writeJSON writes v as the JSON answer.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// pathID reads a numeric path value.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil {
		return 0, errBadPath
	}
	return id, nil
}

// queryInt reads an integer query parameter, def when absent or bad.
func queryInt(r *http.Request, name string, def int64) int64 {
	n, err := strconv.ParseInt(r.URL.Query().Get(name), 10, 64)
	if err != nil {
		return def
	}
	return n
}

// splitList splits a comma-separated query value.
func splitList(v string) []string {
	var out []string
	for _, x := range strings.Split(v, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}
