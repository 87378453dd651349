package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"govmedia"
	"govmedia/publish"
)

// policyQuery reads the list's filters: q (title, number or issuer),
// issuer (an org code), domain (a pilot domain code), from and to (dates
// as 2020-06-01), page.
func (s policyPages) policyQuery(r *http.Request) (publish.PolicyQuery, error) {
	v := r.URL.Query()
	q := publish.PolicyQuery{Q: v.Get("q"), Issuer: v.Get("issuer"), Domain: v.Get("domain")}
	for name, dst := range map[string]*time.Time{"from": &q.From, "to": &q.To} {
		if raw := v.Get(name); raw != "" {
			t, err := publish.ParseIssueDate(raw)
			if err != nil {
				return q, err
			}
			*dst = t
		}
	}
	if raw := v.Get("page"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > 500 {
			return q, govmedia.Errorf(govmedia.EINVALID, "web.bad_number", "name", "page")
		}
		q.Page = n
	}
	if q.Domain != "" {
		names, err := s.registry.DomainNames(r.Context())
		if err != nil {
			return q, err
		}
		if names[q.Domain] == "" {
			return q, govmedia.Errorf(govmedia.EINVALID, "policy.domain_unknown", "domain", shorten(q.Domain, 32))
		}
	}
	return q, nil
}

// policyRow is one policy of the list.
type policyRow struct {
	*publish.Policy
	Date    string
	Domains []string
}

func (s policyPages) policyList(w http.ResponseWriter, r *http.Request) {
	q, err := s.policyQuery(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	list, err := s.pub.SearchPolicies(r.Context(), q)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	issuers, err := s.pub.PolicyIssuers(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	domains, err := s.registry.Domains(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	rows := make([]policyRow, len(list.Policies))
	for i, p := range list.Policies {
		rows[i] = policyRow{Policy: p, Date: publish.FormatIssueDate(p.IssuedOn), Domains: s.domainList(r, p.Domains)}
	}
	s.renderCached(w, r, "policies.html", map[string]any{"Title": "政策文件及解读", "Query": q, "Rows": rows,
		"From": dateParam(q.From), "To": dateParam(q.To), "Issuers": issuers, "Domains": domains,
		"Next": pageLink(r, q.Page+1, list.More), "Prev": pageLink(r, q.Page-1, q.Page > 1)}, list.Updated)
}

// domainList names a policy's domains.
func (s policyPages) domainList(r *http.Request, codes []string) []string {
	names, _ := s.registry.DomainNames(r.Context())
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		if n := names[c]; n != "" {
			out = append(out, n)
		}
	}
	return out
}

func dateParam(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// pageLink is the list's address at another page, "" when there is none.
func pageLink(r *http.Request, page int, ok bool) string {
	if !ok {
		return ""
	}
	v := url.Values{}
	for k, vals := range r.URL.Query() {
		if k != "page" && len(vals) > 0 && vals[0] != "" {
			v.Set(k, vals[0])
		}
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return "/policies?" + v.Encode()
}
