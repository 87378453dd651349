package web

import (
	"embed"
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

func (s *Server) render(w http.ResponseWriter, name string, data map[string]any) {
	data["Lang"] = "zh-CN"
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'")
	if err := pages.ExecuteTemplate(w, name, data); err != nil {
		s.log.Error("rendering a page", "page", name, "err", err)
	}
}

func (s *Server) directoryPage(w http.ResponseWriter, r *http.Request) {
	dq, err := directoryQuery(r)
	if err != nil {
		dq = registry.DirectoryQuery{}
	}
	page, err := s.registry.Search(r.Context(), dq)
	if err != nil {
		s.log.Error("directory page", "err", err)
		http.Error(w, govmedia.Print(govmedia.Chinese, "error.internal"), http.StatusInternalServerError)
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
			s.log.Error("verify page", "err", err)
		}
	}
	data["Verdict"] = v
	s.render(w, "verify.html", data)
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	a, err := s.registry.PublicAccountByID(r.Context(), id)
	if err != nil {
		status := statusOf[govmedia.ErrorCode(err)]
		http.Error(w, govmedia.ErrorMessage(govmedia.Chinese, err), status)
		return
	}
	s.render(w, "account.html", map[string]any{"Title": a.Name, "Account": a})
}
