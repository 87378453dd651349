package web

import (
	"context"
	"embed"
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"govmedia"
	"govmedia/registry"
)

//go:embed templates/*.html
var templateFiles embed.FS

var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"platform": func(p registry.Platform) string { return govmedia.Print(govmedia.Chinese, "platform."+string(p)) },
	"state":    func(s registry.State) string { return govmedia.Print(govmedia.Chinese, "state."+string(s)) },
	"kind":     func(k registry.WeChatKind) string { return govmedia.Print(govmedia.Chinese, "wechat_kind."+string(k)) },
	"when": func(t any) string {
		switch v := t.(type) {
		case time.Time:
			return govmedia.FormatTime(v)
		case *time.Time:
			return govmedia.FormatTime(*v)
		}
		return ""
	},
}).ParseFS(templateFiles, "templates/*.html"))

type platformOption struct{ Code, Name string }

// pagePolicy lets a page use its inline styles and submit its forms here,
// and nothing else; no site may frame it.
const pagePolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

func (s *Server) render(w http.ResponseWriter, name string, data map[string]any) {
	s.renderStatus(w, http.StatusOK, name, data)
}

func (s *Server) renderStatus(w http.ResponseWriter, status int, name string, data map[string]any) {
	if _, ok := data["Lang"]; !ok {
		data["Lang"] = "zh-CN"
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", pagePolicy)
	w.WriteHeader(status)
	if err := pages.ExecuteTemplate(w, name, data); err != nil {
		s.log.Error("rendering a page", "page", name, "err", err)
	}
}

// errorPage answers a page's error in the request's language, logging
// only internal errors, whose details never reach the reader.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, err error) {
	code := govmedia.ErrorCode(err)
	if code == govmedia.EINTERNAL && !errors.Is(err, context.Canceled) {
		s.log.Error("page failed", "path", r.URL.Path, "err", err)
	}
	lang := language(r)
	s.renderStatus(w, statusOf[code], "error.html", map[string]any{"Lang": string(lang),
		"Title": govmedia.Print(lang, "web.page_error"), "Message": govmedia.ErrorMessage(lang, err)})
}

func (s *Server) directoryPage(w http.ResponseWriter, r *http.Request) {
	dq, err := directoryQuery(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	page, err := s.registry.Search(r.Context(), dq)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	options := make([]platformOption, len(registry.Platforms))
	for i, p := range registry.Platforms {
		options[i] = platformOption{string(p), govmedia.Print(govmedia.Chinese, "platform."+string(p))}
	}
	s.render(w, "directory.html", map[string]any{"Title": "政务新媒体名录", "Query": dq, "Page": page,
		"Platforms": options, "Platform": string(dq.Platform)})
}

func (s *Server) verifyPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	data := map[string]any{"Title": "官方账号查验", "Asked": q != ""}
	v := registry.Verdict{Query: q}
	if q != "" {
		var err error
		if v, err = s.registry.Verify(r.Context(), q); err != nil {
			s.errorPage(w, r, err)
			return
		}
	}
	data["Verdict"] = v
	s.render(w, "verify.html", data)
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	a, err := s.registry.PublicAccountByID(r.Context(), id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, "account.html", map[string]any{"Title": a.Name, "Account": a})
}
