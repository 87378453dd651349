package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"runtime/debug"
	"strings"
	"time"
)

// validator is what a cacheable answer is validated by: the moment its
// content last changed (Last-Modified) and a stamp of everything it shows
// that may change (ETag, with the language, the URL and the build).
type validator struct {
	modified time.Time
	stamp    string
	page     bool // an HTML page: its policy goes with a 304 too
}

// build fingerprints the templates and the binary, so that a new release
// changes every ETag even when the catalogs have not changed.
var build = func() string {
	h := sha256.New()
	_ = fs.WalkDir(templateFiles, ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			raw, _ := templateFiles.ReadFile(path)
			h.Write([]byte(path))
			h.Write(raw)
		}
		return nil
	})
	if info, ok := debug.ReadBuildInfo(); ok {
		h.Write([]byte(info.Main.Version))
		for _, s := range info.Settings {
			if strings.HasPrefix(s.Key, "vcs.") {
				h.Write([]byte(s.Key + s.Value))
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}()

func (v validator) etag(r *http.Request) string {
	h := sha256.Sum256([]byte(build + "\x00" + string(language(r)) + "\x00" + r.URL.RequestURI() + "\x00" + v.stamp))
	return `"` + hex.EncodeToString(h[:12]) + `"`
}

// fresh sets the validators of an answer and, when the request's
// If-None-Match (or, without it, If-Modified-Since) shows the reader
// already holds it, answers 304 Not Modified and reports true. Readers
// revalidate every time (no-cache): a catalog approved a minute ago shows
// at once, and an unchanged one costs a 304.
func fresh(w http.ResponseWriter, r *http.Request, v validator) bool {
	tag := v.etag(r)
	h := w.Header()
	h.Set("ETag", tag)
	h.Set("Cache-Control", "public, no-cache")
	h.Set("Vary", "Accept-Language")
	if v.page {
		// A browser takes a 304's headers for the page it keeps: the
		// strict default policy would block the page's own styles.
		h.Set("Content-Security-Policy", pagePolicy)
	}
	if !v.modified.IsZero() {
		h.Set("Last-Modified", v.modified.UTC().Format(http.TimeFormat))
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if !unchanged(r, tag, v.modified) {
		return false
	}
	h.Del("Content-Type")
	w.WriteHeader(http.StatusNotModified)
	return true
}

// unchanged applies RFC 9110's order: If-None-Match when present (a weak
// comparison), else If-Modified-Since, to the second.
func unchanged(r *http.Request, tag string, modified time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == "*" || t == tag {
				return true
			}
		}
		return false
	}
	ims := r.Header.Get("If-Modified-Since")
	if ims == "" || modified.IsZero() {
		return false
	}
	since, err := http.ParseTime(ims)
	return err == nil && !modified.Truncate(time.Second).After(since)
}
