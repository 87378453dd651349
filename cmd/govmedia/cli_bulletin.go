package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"govmedia"
	"govmedia/oversight"
)

func init() {
	commands["bulletin"] = command{"write the quarter's bulletin (workbook and chart): bulletin --quarter 2026Q3 [--out DIR]", runBulletin}
}

func runBulletin(ctx context.Context, env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("bulletin", flag.ContinueOnError)
	quarter := fs.String("quarter", "", "the quarter, such as 2026Q3")
	dir := fs.String("out", ".", "the folder to write the workbook and the chart into")
	if _, err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	q, err := oversight.ParseQuarter(*quarter)
	if err != nil {
		return err
	}
	return withApp(ctx, env, requireSchema, func(app *App) error {
		b, err := app.over.Bulletin(ctx, q)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(*dir, 0o755); err != nil {
			return err
		}
		files, err := writeBulletin(b, env.cfg.Lang, *dir)
		for _, f := range files {
			fmt.Fprintln(env.out, govmedia.Print(env.cfg.Lang, "cli.bulletin.written", "file", f))
		}
		return err
	})
}

// writeBulletin writes the workbook, then the chart (which needs a font
// with Chinese glyphs: without one the workbook is still written).
func writeBulletin(b *oversight.Bulletin, lang govmedia.Language, dir string) ([]string, error) {
	base := filepath.Join(dir, "bulletin-"+b.Quarter.String())
	var files []string
	for _, part := range []struct {
		ext   string
		write func(*bytes.Buffer) error
	}{
		{".xlsx", func(w *bytes.Buffer) error { return b.WriteXLSX(w, lang) }},
		{".png", func(w *bytes.Buffer) error { return b.WritePNG(w, lang) }},
	} {
		var buf bytes.Buffer
		if err := part.write(&buf); err != nil {
			return files, err
		}
		if err := os.WriteFile(base+part.ext, buf.Bytes(), 0o644); err != nil {
			return files, err
		}
		files = append(files, base+part.ext)
	}
	return files, nil
}
