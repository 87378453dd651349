package bot

import (
	"fmt"
	"time"

	"github.com/go-telegram/bot/models"

	"govmedia"
)

// pageStart is offset held within a list of n items, on a page boundary
// (a list that shrank since the button was drawn shows its last page).
func pageStart(offset, n, per int) int {
	if offset >= n {
		offset = n - 1
	}
	return max(0, offset) / per * per
}

// pageNote says which page of a longer list is shown; "" for one page.
func pageNote(lang govmedia.Language, offset, n, per int) string {
	if n <= per {
		return ""
	}
	return tr(lang, "bot.page_of", "page", offset/per+1, "pages", (n+per-1)/per)
}

// pageButtons are the previous and next buttons of a paged list whose
// data is prefix and the page's offset; none for a list of one page.
func pageButtons(lang govmedia.Language, prefix string, offset, n, per int) [][]models.InlineKeyboardButton {
	var row []models.InlineKeyboardButton
	if offset > 0 {
		row = append(row, button(tr(lang, "bot.btn.previous"), fmt.Sprintf("%s%d", prefix, offset-per)))
	}
	if offset+per < n {
		row = append(row, button(tr(lang, "bot.btn.more"), fmt.Sprintf("%s%d", prefix, offset+per)))
	}
	if len(row) == 0 {
		return nil
	}
	return [][]models.InlineKeyboardButton{row}
}

// waited says how long something has waited, as people say it: under an
// hour, hours, or days and hours.
func waited(lang govmedia.Language, d time.Duration) string {
	hours := int(d / time.Hour)
	switch {
	case hours < 1:
		return tr(lang, "bot.waited.under_hour")
	case hours < 24:
		return tr(lang, "bot.waited.hours", "hours", hours)
	case hours%24 == 0:
		return tr(lang, "bot.waited.days", "days", hours/24)
	}
	return tr(lang, "bot.waited.days_hours", "days", hours/24, "hours", hours%24)
}
