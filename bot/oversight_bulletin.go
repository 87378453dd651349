package bot

import (
	"bytes"
	"context"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"govmedia"
	"govmedia/oversight"
)

// Telegram's limits on what a bot uploads: a document of 50 MB, a photo
// of 10 MB.
const (
	maxDocumentUpload = 50 << 20
	maxPhotoUpload    = 10 << 20
)

func init() { onCommand("bulletin", (*request).sendBulletin) }

// sendBulletin sends a quarter's bulletin, "/bulletin 2026Q3" (the last
// quarter ended when none is named): the
// workbook as a document and the scores' chart as a photo, to those who
// receive it (oversight.CheckSeeBulletin).
func (r *request) sendBulletin(args []string) {
	if r.over == nil {
		r.say(tr(r.lang, "bot.over.off"), nil)
		return
	}
	if err := oversight.CheckSeeBulletin(r.ctx, r.db, r.member); err != nil {
		r.fail(err)
		return
	}
	q, err := r.bulletinQuarter(args)
	if err != nil {
		r.fail(err)
		r.say(tr(r.lang, "bot.over.bulletin_usage", "example", lastQuarter(r.now()).String()), nil)
		return
	}
	b, err := r.over.Bulletin(r.ctx, q)
	if err != nil {
		r.fail(err)
		return
	}
	var book, chart bytes.Buffer
	if err := b.WriteXLSX(&book, r.lang); err != nil {
		r.fail(err)
		return
	}
	if err := b.WritePNG(&chart, r.lang); err != nil {
		r.fail(err)
		return
	}
	r.sendBulletinFiles(b.Title(r.lang), book.Bytes(), chart.Bytes())
}

// bulletinQuarter reads the quarter asked for, one that has begun; none
// asks for the last quarter ended.
func (r *request) bulletinQuarter(args []string) (oversight.Quarter, error) {
	switch len(args) {
	case 0:
		return lastQuarter(r.now()), nil
	case 1:
	default:
		return oversight.Quarter{}, govmedia.Errorf(govmedia.EINVALID, "oversight.bad_quarter", "value", strings.Join(args, " "))
	}
	q, err := oversight.ParseQuarter(strings.ToUpper(strings.TrimSpace(args[0])))
	if err != nil {
		return q, err
	}
	if q.Start().After(r.now()) {
		return q, govmedia.Errorf(govmedia.EINVALID, "bot.over.quarter_future", "quarter", q.String())
	}
	return q, nil
}

// lastQuarter is the quarter before the one now, as the example to type.
func lastQuarter(now time.Time) oversight.Quarter {
	c := now.In(govmedia.ChinaTime).AddDate(0, -3, 0)
	return oversight.Quarter{Year: c.Year(), Q: (int(c.Month())-1)/3 + 1}
}

// sendBulletinFiles sends the workbook and the chart privately, each
// within Telegram's limits; a refusal is told.
func (r *request) sendBulletinFiles(title string, book, chart []byte) {
	if len(book) > maxDocumentUpload || len(chart) > maxPhotoUpload {
		r.fail(govmedia.Errorf(govmedia.EINVALID, "bot.over.bulletin_too_large"))
		return
	}
	caption := tr(r.lang, "bot.over.bulletin_caption", "title", title)
	if err := r.sendDocument(r.ctx, r.from.ID, title+".xlsx", book, caption); err != nil {
		r.sendFailed(r.from.ID, err)
		return
	}
	if err := r.sendPhoto(r.ctx, r.from.ID, title+".png", chart, tr(r.lang, "bot.over.chart_caption", "title", title)); err != nil {
		r.sendFailed(r.from.ID, err)
	}
}

// sendPhoto sends an image with an HTML caption fitted to Telegram's
// 1,024 characters, through the rate-limited sender.
func (b *Bot) sendPhoto(ctx context.Context, chat int64, name string, data []byte, caption string) error {
	caption = fitText(caption, maxCaption, func() string { return tr(b.chatLanguage(ctx, chat), "bot.text_cut") })
	return b.sender.Do(ctx, chat, func(ctx context.Context) error {
		_, err := b.api.SendPhoto(ctx, &tgbot.SendPhotoParams{ChatID: chat, Caption: caption, ParseMode: models.ParseModeHTML,
			Photo: &models.InputFileUpload{Filename: name, Data: bytes.NewReader(data)}})
		return err
	})
}
