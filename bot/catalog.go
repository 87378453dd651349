package bot

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/go-telegram/bot/models"

	"govmedia"
	"govmedia/catalog"
)

func init() {
	onCommand("catalog", (*request).showCatalogs)
	onButton("cs", (*request).onSubmitCatalog)
	onButton("cx", (*request).onCatalogFile)
}

// showCatalogs says, for the member's government, which of the pilot
// domains have a current catalog, what is under way, what a township lacks
// of its county's 乡级 items, and how to import a catalog.
func (r *request) showCatalogs([]string) {
	if r.cat == nil {
		r.say(tr(r.lang, "bot.catalog.off"), nil)
		return
	}
	gov, err := r.cat.GovernmentOf(r.ctx, r.member)
	if err != nil {
		r.fail(err)
		return
	}
	list, err := r.cat.Overview(r.ctx, gov.Code)
	if err != nil {
		r.fail(err)
		return
	}
	current, lines := 0, make([]string, len(list))
	var rows [][]models.InlineKeyboardButton
	for i, st := range list {
		lines[i] = r.domainLine(st)
		if st.Current > 0 {
			current++
		}
		if st.Open == catalog.Draft && len(rows) < maxButtonRows {
			rows = append(rows, []models.InlineKeyboardButton{button(tr(r.lang, "bot.btn.catalog_submit", "domain", st.Domain.Name), fmt.Sprintf("cs:%d", st.OpenID))})
		}
	}
	if current > 0 {
		rows = append(rows, []models.InlineKeyboardButton{button(tr(r.lang, "bot.btn.catalog_all"), "cx:0")})
	}
	if catalog.CheckEdit(r.ctx, r.db, r.member, gov.Code) == nil {
		rows = append(rows, []models.InlineKeyboardButton{button(tr(r.lang, "bot.btn.catalog_edit"), "ce:")})
	}
	text := tr(r.lang, "bot.catalog.title", "org", gov.Name, "current", current, "total", len(list)) + "\n" + strings.Join(lines, "\n") +
		r.missingLines(list) + "\n\n" + tr(r.lang, "bot.catalog.how")
	r.say(text, inline(rows))
}

// missingShown bounds the missing items /catalog names per domain.
const missingShown = 3

// missingLines name, for a township, the county's 乡级 items each domain
// lacks (a few per domain, the rest counted), within a list's budget.
func (r *request) missingLines(list []catalog.DomainStatus) string {
	var lines []string
	for _, st := range list {
		if st.Missing > 0 {
			lines = append(lines, tr(r.lang, "bot.catalog.lacks_in", "domain", st.Domain.Name, "count", st.Missing))
			lines = append(lines, itemLines(st.MissingItems, missingShown, r.lang)...)
		}
	}
	if len(lines) == 0 {
		return ""
	}
	lines, _ = fitLines(lines, listBudget/2, func(n int) string { return tr(r.lang, "bot.list_more", "count", n) })
	return "\n\n" + tr(r.lang, "bot.catalog.lacks_title") + "\n" + strings.Join(lines, "\n")
}

// domainLine is one domain of the overview.
func (r *request) domainLine(st catalog.DomainStatus) string {
	line := tr(r.lang, "bot.catalog.none", "domain", st.Domain.Name)
	if st.Current > 0 {
		line = tr(r.lang, "bot.catalog.current", "domain", st.Domain.Name, "number", st.Current, "items", st.Items,
			"since", govmedia.FormatTime(st.CurrentSince)[:10])
	}
	if st.Open != "" {
		line += tr(r.lang, "bot.catalog.open", "state", govmedia.Text("catalog.state."+string(st.Open)))
	}
	if st.Missing > 0 {
		line += tr(r.lang, "bot.catalog.lacks", "count", st.Missing)
	}
	return line
}

// catalogFile reports whether a file sent outside a form is a catalog to
// import: a spreadsheet the template can be.
func catalogFile(ref *fileRef) bool {
	ext := strings.ToLower(filepath.Ext(ref.Name))
	return !ref.Photo && (ext == ".xlsx" || ext == ".csv")
}

// importCatalog imports a catalog file sent to the bot as the member's
// government's drafts, and answers with what it understood and a button
// to submit each draft for review.
func (r *request) importCatalog(ref *fileRef) {
	gov, err := r.cat.GovernmentOf(r.ctx, r.member)
	if err == nil {
		err = catalog.CheckEdit(r.ctx, r.db, r.member, gov.Code)
	}
	if err != nil {
		r.fail(err)
		return
	}
	if ref.Size > maxDownload {
		r.fail(govmedia.Errorf(govmedia.EINVALID, "bot.file_too_large", "max", maxDownloadText))
		return
	}
	data, err := r.download(r.ctx, ref.ID)
	if err != nil {
		r.fail(err)
		return
	}
	res, err := r.cat.ImportFile(r.ctx, catalog.Editor{Actor: r.member.Actor(), Member: r.member}, gov.Code, "", ref.Name, data, false)
	if err != nil {
		r.say(errorText(r.lang, err)+"\n"+tr(r.lang, "bot.catalog.nothing_written"), nil)
		return
	}
	r.sayImport(gov.Name, res)
}

// sayImport renders an import: per domain the draft, its diff, what a
// township lacks, the headers not understood; a submit button per draft.
func (r *request) sayImport(gov string, res *catalog.FileImport) {
	names, _ := r.reg.DomainNames(r.ctx)
	lines := []string{tr(r.lang, "bot.catalog.imported", "org", gov)}
	var rows [][]models.InlineKeyboardButton
	for _, o := range res.Outcomes {
		c := catalog.Counts(o.Changes)
		key := "bot.catalog.import_draft"
		if o.Unchanged {
			key = "bot.catalog.import_same"
		}
		lines = append(lines, tr(r.lang, key, "domain", names[o.Domain], "items", o.Version.ItemCount, "number", o.Version.Number,
			"added", c[catalog.Added], "changed", c[catalog.Changed], "removed", c[catalog.Removed], "moved", c[catalog.Moved]))
		lines = append(lines, changeLines(r.lang, o.Changes, 5)...)
		if len(o.Missing) > 0 {
			lines = append(lines, tr(r.lang, "bot.catalog.missing", "count", len(o.Missing)))
			lines = append(lines, itemLines(o.Missing, 5, r.lang)...)
		}
		if u := res.Unknown[o.Domain]; len(u) > 0 {
			lines = append(lines, tr(r.lang, "bot.catalog.unknown", "headers", strings.Join(u, "、")))
		}
		if o.Version.State == catalog.Draft {
			rows = append(rows, []models.InlineKeyboardButton{button(tr(r.lang, "bot.btn.catalog_submit", "domain", names[o.Domain]), fmt.Sprintf("cs:%d", o.Version.ID))})
		}
	}
	lines, _ = fitList(r.lang, lines)
	r.say(strings.Join(lines, "\n"), inline(rows[:min(len(rows), maxButtonRows)]))
}

// onSubmitCatalog submits a draft for review: "cs:<version>".
func (r *request) onSubmitCatalog(p []string) {
	if r.cat == nil {
		r.staleButton()
		return
	}
	v, err := r.cat.VersionFor(r.ctx, r.member, id(p, 0))
	if err == nil {
		_, _, err = r.cat.Submit(r.ctx, r.member, v.OrgCode, v.Domain)
	}
	if err != nil {
		r.fail(err)
		return
	}
	v, _ = r.cat.VersionFor(r.ctx, r.member, v.ID)
	r.answer(tr(r.lang, "bot.catalog.submitted_toast"), false)
	r.say(tr(r.lang, "bot.catalog.submitted", "number", v.Number), nil)
}

// onCatalogFile sends a version as the official template, privately:
// "cx:<version>", or "cx:0" for every current catalog of the member's
// government.
func (r *request) onCatalogFile(p []string) {
	if r.cat == nil {
		r.staleButton()
		return
	}
	var buf bytes.Buffer
	name, err := r.catalogFile(&buf, id(p, 0))
	if err != nil {
		r.fail(err)
		return
	}
	if err := r.sendDocument(r.ctx, r.from.ID, name, buf.Bytes(), tr(r.lang, "bot.catalog.file_caption")); err != nil {
		r.sendFailed(r.from.ID, err)
		return
	}
	r.answer(tr(r.lang, "bot.details.sent"), false)
}

// catalogFile writes a version, or all current catalogs, and names the file.
func (r *request) catalogFile(buf *bytes.Buffer, version int64) (string, error) {
	if version == 0 {
		gov, err := r.cat.GovernmentOf(r.ctx, r.member)
		if err != nil {
			return "", err
		}
		return gov.Name + "政务公开事项标准目录.xlsx", r.cat.ExportCurrent(r.ctx, buf, gov.Code, "", "xlsx")
	}
	v, err := r.cat.VersionFor(r.ctx, r.member, version)
	if err != nil {
		return "", err
	}
	names, _ := r.reg.DomainNames(r.ctx)
	name := fmt.Sprintf("%s%s目录第%d版.xlsx", r.officeName(r.ctx, v.OrgCode), names[v.Domain], v.Number)
	return name, r.cat.ExportVersion(r.ctx, buf, r.member, version, "xlsx")
}
