package sandbox

import (
	"embed"
	"encoding/json"
	"io/fs"
	"net/http"
)

// static holds the page: index.html, style.css and the JavaScript modules.
//
//go:embed static
var static embed.FS

// Identity is a user the person at the page may act as, with the chats that
// user sees: their private chat with the bot (the user's own id) and the
// groups they belong to.
type Identity struct {
	UserID int64  `json:"user_id"`
	Name   string `json:"name"` // as the "I am" selector lists them
	// Person is the user's own name, whose first character is their
	// avatar, and Role their unit and role; both are shown in the picker.
	// Empty: the name alone.
	Person string  `json:"person,omitempty"`
	Role   string  `json:"role,omitempty"`
	Chats  []int64 `json:"chats"`
	// Steps are what to try first as this user, shown in a chat that has
	// no message yet.
	Steps []Step `json:"steps,omitempty"`
}

// Step is one thing to try in a chat, in Chinese and English, with the
// command the page offers to send for it, if any.
type Step struct {
	Chat    int64  `json:"chat"`
	Text    string `json:"text"`
	English string `json:"english,omitempty"`
	Command string `json:"command,omitempty"` // "/apply"
}

// securityHeaders keep the page to its own scripts and styles, so that even
// a rendering mistake cannot run code from a message.
var securityHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'self'; img-src 'self' data: blob:; " +
		"object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
	"X-Content-Type-Options": "nosniff",
	"Referrer-Policy":        "no-referrer",
	"Cache-Control":          "no-cache",
}

// Handler serves the page at GET /sandbox, its assets under
// /sandbox/assets/ and the identities the page offers at
// GET /sandbox/identities, as identities returns them at each request.
// Mount it on the service's mux for both "/sandbox" and "/sandbox/": paths
// are matched whole, not stripped.
func Handler(identities func() []Identity) http.Handler {
	assets, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the embedded folder is part of the binary
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /sandbox", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFileFS(w, r, assets, "index.html")
	})
	mux.HandleFunc("GET /sandbox/{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/sandbox", http.StatusMovedPermanently)
	})
	mux.HandleFunc("GET /sandbox/identities", func(w http.ResponseWriter, _ *http.Request) {
		writeIdentities(w, identities)
	})
	mux.Handle("GET /sandbox/assets/", http.StripPrefix("/sandbox/assets/", http.FileServerFS(assets)))
	return withHeaders(mux)
}

// writeIdentities answers the identity list as JSON, [] when there is none.
func writeIdentities(w http.ResponseWriter, identities func() []Identity) {
	list := []Identity{}
	if identities != nil {
		list = append(list, identities()...)
	}
	for i := range list {
		if list[i].Chats == nil {
			list[i].Chats = []int64{}
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(list)
}

// withHeaders adds the security headers to every answer.
func withHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range securityHeaders {
			w.Header().Set(k, v)
		}
		h.ServeHTTP(w, r)
	})
}
