package web

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"govmedia"
	"govmedia/publish"
)

// maxPageBytes is the most a page weighs before its images: phones on a
// slow county network load it in a few seconds.
const maxPageBytes = 100 << 10

// pageChrome is what a policy page spends besides its articles' bodies.
const pageChrome = 12 << 10

// ServePolicies mounts the public policy pages: the searchable list, each
// policy with its interpretations, their pictures and attachments. They
// are public routes, guarded as the directory is. The account pages list
// what pub delivered, from then on.
func (srv *Server) ServePolicies(pub *publish.Publisher) {
	srv.published = pub
	s := policyPages{Server: srv, pub: pub}
	s.handlePublic("GET /policies", s.policyList)
	s.handlePublic("GET /policies/{id}", s.policyPage)
	s.handlePublic("GET /policies/{id}/articles/{n}", s.policyArticlePage)
	s.handlePublic("GET /policies/{id}/images/{name}", s.policyImage)
	s.handlePublic("GET /policies/{id}/files/{n}", s.policyFile)
}

// policyPages are the handlers of the policy pages.
type policyPages struct {
	*Server
	pub *publish.Publisher
}

// articleView is one article of a policy page: the policy or one of its
// interpretations, in full or, past the page's weight, as a link.
type articleView struct {
	Position int
	Title    string
	Form     string
	Author   string
	Body     template.HTML
	Excerpt  string
	Linked   bool // shown on a page of its own
}

func (s policyPages) policyPage(w http.ResponseWriter, r *http.Request) {
	pol, ok := s.publishedPolicy(w, r)
	if !ok {
		return
	}
	views := policyViews(pol)
	// Why links: a policy with seven long interpretations can weigh
	// several times a page; those that do not fit are a tap away.
	budget := maxPageBytes - pageChrome - len(views[0].Body)
	for i := 1; i < len(views); i++ {
		if n := len(views[i].Body); n <= budget {
			budget -= n
		} else {
			views[i].Body, views[i].Linked = "", true
		}
	}
	s.renderCached(w, r, "policy.html", map[string]any{"Title": pol.Title, "Policy": pol, "Articles": views,
		"Date": publish.FormatIssueDate(pol.IssuedOn), "Domains": s.domainList(r, pol.Domains), "Files": fileViews(pol)},
		pol.Publication.ApprovedAt)
}

// policyArticlePage shows one interpretation alone: the one a heavy
// policy page links to instead of holding.
func (s policyPages) policyArticlePage(w http.ResponseWriter, r *http.Request) {
	pol, ok := s.publishedPolicy(w, r)
	if !ok {
		return
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	views := policyViews(pol)
	if err != nil || n < 1 || n >= len(views) {
		s.errorPage(w, r, govmedia.Errorf(govmedia.ENOTFOUND, "policy.not_found", "id", shorten(r.PathValue("n"), 8)))
		return
	}
	s.renderCached(w, r, "policy.html", map[string]any{"Title": views[n].Title, "Policy": pol, "Articles": views[n : n+1],
		"Date": publish.FormatIssueDate(pol.IssuedOn), "Alone": true}, pol.Publication.ApprovedAt)
}

func (s policyPages) publishedPolicy(w http.ResponseWriter, r *http.Request) (*publish.Policy, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.errorPage(w, r, govmedia.Errorf(govmedia.ENOTFOUND, "policy.not_found", "id", shorten(r.PathValue("id"), 20)))
		return nil, false
	}
	pol, err := s.pub.PublishedPolicy(r.Context(), id)
	if err != nil {
		s.errorPage(w, r, err)
		return nil, false
	}
	return pol, true
}

// policyViews are the policy's articles as its page shows them, their
// pictures pointing at this server.
func policyViews(pol *publish.Policy) []articleView {
	arts := pol.Publication.Articles
	views := []articleView{{Title: pol.Title, Author: pol.IssuerName, Body: pageBody(pol.PublicationID, arts[0].Content)}}
	for _, in := range pol.Interpretations {
		if in.Position >= len(arts) {
			continue
		}
		a := arts[in.Position]
		views = append(views, articleView{Position: in.Position, Title: in.Title, Author: in.AuthorName,
			Form: govmedia.Print(govmedia.Chinese, "policy.form."+string(in.Form)), Body: pageBody(pol.PublicationID, a.Content), Excerpt: a.Opening()})
	}
	return views
}

// pageBody is a stored article body for a page: its pictures, referred to
// as govmedia:NAME, served from the policy's own images. The body was
// cleaned by the publish sanitiser when it was submitted.
func pageBody(id int64, content string) template.HTML {
	base := "/policies/" + strconv.FormatInt(id, 10) + "/images/"
	var b strings.Builder
	for {
		i := strings.Index(content, `src="govmedia:`)
		if i < 0 {
			b.WriteString(content)
			return template.HTML(b.String())
		}
		b.WriteString(content[:i] + `src="` + base)
		content = content[i+len(`src="govmedia:`):]
		end := strings.IndexByte(content, '"')
		if end < 0 {
			end = len(content)
		}
		b.WriteString(url.PathEscape(content[:end]))
		content = content[end:]
	}
}

// renderCached renders a page into memory and serves it with its
// validators (see serveCached).
func (s policyPages) renderCached(w http.ResponseWriter, r *http.Request, name string, data map[string]any, modified time.Time) {
	if _, ok := data["Lang"]; !ok {
		data["Lang"] = "zh-CN"
	}
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, data); err != nil {
		s.errorPage(w, r, err)
		return
	}
	w.Header().Set("Content-Security-Policy", pagePolicy)
	serveCached(w, r, "text/html; charset=utf-8", buf.Bytes(), modified)
}

func (s policyPages) policyImage(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	data, err := s.pub.PolicyImage(r.Context(), id, r.PathValue("name"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	kind := "image/png"
	if bytes.HasPrefix(data, []byte{0xff, 0xd8}) {
		kind = "image/jpeg"
	}
	serveCached(w, r, kind, data, time.Time{})
}

func (s policyPages) policyFile(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil {
		n = -1
	}
	a, err := s.pub.PolicyFile(r.Context(), id, n)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(a.Name))
	serveCached(w, r, a.ContentType, a.Data, time.Time{})
}

// fileView is an attachment as its page lists it.
type fileView struct {
	Position   int
	Name, Size string
}

func fileViews(pol *publish.Policy) []fileView {
	out := make([]fileView, len(pol.Attachments))
	for i, a := range pol.Attachments {
		size := strconv.Itoa((a.Size+1023)/1024) + " KB"
		if a.Size >= 1<<20 {
			size = strconv.FormatFloat(float64(a.Size)/(1<<20), 'f', 1, 64) + " MB"
		}
		out[i] = fileView{Position: a.Position, Name: a.Name, Size: size}
	}
	return out
}
