package web

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"

	"govmedia"
	"govmedia/registry"
)

// directoryQuery reads the directory's filters from a request.
func directoryQuery(r *http.Request) (registry.DirectoryQuery, error) {
	q := r.URL.Query()
	dq := registry.DirectoryQuery{Q: q.Get("q"), Org: q.Get("org"), Platform: registry.Platform(q.Get("platform"))}
	for name, dst := range map[string]*int{"limit": &dq.Limit} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 100 {
				return dq, govmedia.Errorf(govmedia.EINVALID, "web.bad_number", "name", name)
			}
			*dst = n
		}
	}
	if v := q.Get("after"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return dq, govmedia.Errorf(govmedia.EINVALID, "web.bad_number", "name", "after")
		}
		dq.After = n
	}
	if dq.Platform != "" && !validPlatform(dq.Platform) {
		return dq, govmedia.Errorf(govmedia.EINVALID, "account.platform_invalid", "value", dq.Platform)
	}
	return dq, nil
}

func validPlatform(p registry.Platform) bool {
	for _, known := range registry.Platforms {
		if p == known {
			return true
		}
	}
	return false
}

func (s *Server) listAccounts(w http.ResponseWriter, r *http.Request) {
	dq, err := directoryQuery(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.registry.Search(r.Context(), dq)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if page.Accounts == nil {
		page.Accounts = []registry.PublicAccount{}
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) getAccount(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.writeError(w, r, govmedia.Errorf(govmedia.ENOTFOUND, "account.not_found", "id", shorten(r.PathValue("id"), 20)))
		return
	}
	a, err := s.registry.PublicAccountByID(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}

func (s *Server) verify(w http.ResponseWriter, r *http.Request) {
	v, err := s.registry.Verify(r.Context(), r.URL.Query().Get("q"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// exportAccountsCSV streams every active account matching the filters as
// CSV (UTF-8 with BOM, for Excel), public fields only, no cell a formula.
func (s *Server) exportAccountsCSV(w http.ResponseWriter, r *http.Request) {
	dq, err := directoryQuery(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="govmedia-accounts.csv"`)
	_, _ = w.Write([]byte("\xef\xbb\xbf"))
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"编号", "账号名称", "平台", "原始ID", "平台账号ID", "主办单位", "运营单位", "覆盖领域", "状态"})
	names, err := s.registry.DomainNames(r.Context())
	if err != nil {
		s.log.Error("csv export", "err", err)
		return
	}
	dq.Limit = 100
	for {
		page, err := s.registry.Search(r.Context(), dq)
		if err != nil {
			s.log.Error("csv export", "err", err)
			return
		}
		for _, a := range page.Accounts {
			_ = cw.Write(csvRecord(a, names))
		}
		if page.Next == 0 {
			break
		}
		dq.After = page.Next
	}
	cw.Flush()
}

// csvRecord is an account's row of the public CSV; no cell runs as a
// formula in a spreadsheet (see registry.SheetCell).
func csvRecord(a registry.PublicAccount, names map[string]string) []string {
	row := []string{strconv.FormatInt(a.ID, 10), a.Name, govmedia.Print(govmedia.Chinese, "platform."+string(a.Platform)),
		a.OriginalID, a.PlatformUID, a.HostOrgName, a.OperatingUnit, joinNames(a.Domains, names),
		govmedia.Print(govmedia.Chinese, "state."+string(a.State))}
	for i, v := range row {
		row[i] = registry.SheetCell(v)
	}
	return row
}

func joinNames(codes []string, names map[string]string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = names[c]
	}
	return strings.Join(out, "、")
}
