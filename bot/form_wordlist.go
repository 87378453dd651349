package bot

import (
	"bytes"

	"govmedia"
	"govmedia/oversight/content"
)

// wordlistForm holds the answer of /wordlist: the file of the lists to put
// in force, read and checked when it was sent.
type wordlistForm struct {
	File    *fileRef        `json:"file,omitempty"`
	Entries []content.Entry `json:"entries,omitempty"`
}

func init() {
	onCommand("wordlist", (*request).wordlist)
	formKinds["wordlist"] = &formKind{
		steps: func(*request, *form) []string { return []string{"file"} },
		defs: map[string]stepDef{
			"file": {prompt: func(r *request, _ *form) string { return tr(r.lang, "bot.wordlist.ask_file") }, file: true,
				label: "field.wordlist_file", accept: acceptWordlistFile},
		},
		summary: wordlistSummary,
		finish:  finishWordlist,
	}
}

// checker is the content check the bot keeps the lists of.
func (r *request) checker() *content.Checker {
	if r.pub != nil && r.pub.Content != nil {
		return r.pub.Content
	}
	if r.cat != nil {
		return r.cat.Content
	}
	return nil
}

// wordlist sends the city office the lists in force as a workbook, and asks
// for the file that replaces them.
func (r *request) wordlist([]string) {
	c := r.checker()
	if c == nil {
		r.say(tr(r.lang, "bot.unknown_command"), nil)
		return
	}
	if err := content.CheckKeep(r.ctx, r.db, r.member); err != nil {
		r.fail(err)
		return
	}
	entries, err := c.Entries(r.ctx)
	if err != nil {
		r.fail(err)
		return
	}
	var buf bytes.Buffer
	if err := content.WriteFile(&buf, "xlsx", entries); err != nil {
		r.fail(err)
		return
	}
	if err := r.sendDocument(r.ctx, r.from.ID, govmedia.Print(r.lang, "bot.wordlist.file_name"), buf.Bytes(),
		tr(r.lang, "bot.wordlist.file_caption", "count", len(entries))); err != nil {
		r.sendFailed(r.from.ID, err)
		return
	}
	r.startForm(&form{Kind: "wordlist", Wordlist: &wordlistForm{}})
}

// acceptWordlistFile reads the file sent: every bad row is told at once,
// and the question is asked again.
func acceptWordlistFile(r *request, f *form, a answer) error {
	if a.File == nil {
		return govmedia.Errorf(govmedia.EINVALID, "bot.wordlist.file_kind")
	}
	data, err := r.download(r.ctx, a.File.ID)
	if err != nil {
		return err
	}
	entries, err := content.ReadFile(a.File.Name, data)
	if err != nil {
		return err
	}
	f.Wordlist.File, f.Wordlist.Entries = a.File, entries
	return nil
}

func wordlistCounts(entries []content.Entry) map[string]int {
	counts := map[string]int{}
	for _, e := range entries {
		counts[e.Kind]++
	}
	return counts
}

func wordlistSummary(r *request, f *form) (string, error) {
	n := wordlistCounts(f.Wordlist.Entries)
	return tr(r.lang, "bot.wordlist.summary", "file", f.Wordlist.File.Name, "blocked", n[content.EntryBlocked],
		"sensitive", n[content.EntrySensitive], "corrections", n[content.EntryCorrection], "hosts", n[content.EntryHost]), nil
}

// finishWordlist puts the lists in force, as a new version, and says so.
func finishWordlist(r *request, f *form) error {
	if err := content.CheckKeep(r.ctx, r.db, r.member); err != nil {
		return err
	}
	v, err := r.checker().Replace(r.ctx, r.member.Actor(), f.Wordlist.Entries, f.Wordlist.File.Name)
	if err != nil {
		return err
	}
	n := wordlistCounts(f.Wordlist.Entries)
	r.say(tr(r.lang, "bot.wordlist.done", "version", v, "blocked", n[content.EntryBlocked], "sensitive", n[content.EntrySensitive],
		"corrections", n[content.EntryCorrection], "hosts", n[content.EntryHost]), nil)
	return nil
}
