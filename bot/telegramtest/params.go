package telegramtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// maxRequestBytes bounds a request body: Telegram takes uploads up to 50 MB.
const maxRequestBytes = 50<<20 + 1<<20

// params are a request's parameters, however they were passed. Values of
// objects and arrays are kept as JSON text, as they arrive in form fields.
type params struct {
	values map[string]string
	files  map[string]upload
}

// upload is a file sent in a multipart request.
type upload struct {
	name string
	mime string
	data []byte
}

// readParams merges the query string with the body, which may be
// urlencoded, multipart or JSON — the four ways the Bot API accepts.
func readParams(r *http.Request) (*params, error) {
	p := &params{values: map[string]string{}, files: map[string]upload{}}
	for k, v := range r.URL.Query() {
		p.values[k] = v[0]
	}
	if r.Body == nil || r.Method == http.MethodGet {
		return p, nil
	}
	r.Body = http.MaxBytesReader(nil, r.Body, maxRequestBytes)
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ctype {
	case "application/json":
		return p, p.readJSON(r.Body)
	case "multipart/form-data":
		return p, p.readMultipart(r)
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return p, err
		}
		for k, v := range r.PostForm {
			p.values[k] = v[0]
		}
	}
	return p, nil
}

// readJSON takes the parameters from a JSON object body.
func (p *params) readJSON(body io.Reader) error {
	var obj map[string]json.RawMessage
	if err := json.NewDecoder(body).Decode(&obj); err != nil && err != io.EOF {
		return err
	}
	for k, raw := range obj {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			p.values[k] = s
		} else if string(raw) != "null" {
			p.values[k] = string(raw)
		}
	}
	return nil
}

// readMultipart takes fields and files from a multipart body.
func (p *params) readMultipart(r *http.Request) error {
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		if errors.Is(err, io.EOF) {
			return nil // an empty body: a method called without parameters
		}
		return err
	}
	for k, v := range r.MultipartForm.Value {
		p.values[k] = v[0]
	}
	for k, fhs := range r.MultipartForm.File {
		f, err := fhs[0].Open()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			return err
		}
		p.files[k] = upload{name: fhs[0].Filename, mime: fhs[0].Header.Get("Content-Type"), data: data}
	}
	return nil
}

// str is a parameter's value, "" when absent.
func (p *params) str(name string) string { return p.values[name] }

// has reports whether a parameter was passed.
func (p *params) has(name string) bool {
	_, ok := p.values[name]
	return ok
}

// int64 reads an integer parameter; absent is 0.
func (p *params) int64(name string) (int64, error) {
	v := strings.TrimSpace(p.values[name])
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, badRequest(fmt.Sprintf("invalid %s specified", name))
	}
	return n, nil
}

// int reads an integer parameter that fits an int.
func (p *params) int(name string) (int, error) {
	n, err := p.int64(name)
	return int(n), err
}

// bool reads a Boolean parameter.
func (p *params) bool(name string) bool {
	switch strings.ToLower(strings.TrimSpace(p.values[name])) {
	case "true", "1":
		return true
	}
	return false
}

// json decodes an object or array parameter into dst; absent leaves dst.
func (p *params) json(name string, dst any) error {
	v, ok := p.values[name]
	if !ok || v == "" {
		return nil
	}
	if err := json.Unmarshal([]byte(v), dst); err != nil {
		return badRequest(fmt.Sprintf("can't parse %s JSON object", name))
	}
	return nil
}

// strings decodes a JSON array of strings, as allowed_updates.
func (p *params) strings(name string) ([]string, bool, error) {
	if !p.has(name) {
		return nil, false, nil
	}
	var out []string
	if err := p.json(name, &out); err != nil {
		return nil, false, err
	}
	return out, true, nil
}
