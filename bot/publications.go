package bot

import (
	"fmt"
	"strings"

	"github.com/go-telegram/bot/models"

	"govmedia"
	"govmedia/publish"
)

func init() { onCommand("publications", (*request).listPublications) }

// listPublications shows the org's recent publications and how far each got.
func (r *request) listPublications([]string) {
	if r.pub == nil {
		r.say(tr(r.lang, "bot.publish.off"), nil)
		return
	}
	list, err := r.pub.Publications(r.ctx, r.member.OrgCode, 10)
	if err != nil {
		r.fail(err)
		return
	}
	if len(list) == 0 {
		r.say(tr(r.lang, "bot.publications.none"), nil)
		return
	}
	var lines []string
	var rows [][]models.InlineKeyboardButton
	for _, p := range list {
		pr, _ := r.pub.Progress(r.ctx, p.ID)
		title := ""
		if len(p.Articles) > 0 {
			title = p.Articles[0].Title
		}
		// People know a publication by its application's number, as its
		// card and their receipt name it.
		appID, _ := r.engine.LatestApplication(r.ctx, publish.PublicationKind, p.ID)
		lines = append(lines, tr(r.lang, "bot.publications.item", "id", appID, "title", title, "state",
			govmedia.Text("publication."+string(p.State)), "done", pr.Delivered, "total", pr.Total, "failed", pr.Failed))
		if pr.Failed > 0 {
			rows = append(rows, []models.InlineKeyboardButton{button(tr(r.lang, "bot.btn.retry_n", "id", appID), fmt.Sprintf("rt:%d", p.ID))})
		}
	}
	lines, _ = fitList(r.lang, lines)
	r.say(tr(r.lang, "bot.publications.title")+"\n"+strings.Join(lines, "\n"), inline(rows))
}
