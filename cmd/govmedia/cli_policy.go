package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"govmedia"
	"govmedia/publish"
)

// policyFile is what `policies create --file` reads: JSON naming the
// policy's and interpretations' files relative to it.
type policyFile struct {
	Member          int64           `json:"member"` // the Telegram user id of the member who submits it
	Title           string          `json:"title"`
	Number          string          `json:"number"`      // 昆政办〔2020〕32号
	Date            string          `json:"date"`        // 2020-06-01
	Issuer          string          `json:"issuer"`      // an org code; empty: the member's org
	Domains         []string        `json:"domains"`     // pilot domain codes
	Body            string          `json:"body"`        // or body_file
	BodyFile        string          `json:"body_file"`   // .docx, .html, .md or .txt
	Attachments     []string        `json:"attachments"` // files
	Mode            publish.Mode    `json:"mode"`
	Targets         publish.Targets `json:"targets"`
	Interpretations []struct {
		Form     publish.InterpretationForm `json:"form"` // text, illustrated, qa, graphic
		Title    string                     `json:"title"`
		Author   string                     `json:"author"` // an org code; empty: the member's org
		Body     string                     `json:"body"`
		BodyFile string                     `json:"body_file"`
		Images   map[string]string          `json:"images"` // name used in the body → file
	} `json:"interpretations"`
}

func runPoliciesCreate(ctx context.Context, env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("policies create", flag.ContinueOnError)
	file := fs.String("file", "", "the policy with its interpretations, as JSON (see README)")
	if _, err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	pf, draft, err := readPolicyFile(*file)
	if err != nil {
		return err
	}
	return withServices(ctx, env, func(s *services) error {
		m, err := s.app.registry.MemberByTelegram(ctx, pf.Member)
		if err != nil {
			return err
		}
		pol, app, err := s.publisher.SubmitPolicy(ctx, m.ActedForBy(operator()), draft)
		if err != nil {
			return err
		}
		fmt.Fprintln(env.out, govmedia.Print(env.cfg.Lang, "cli.policy_submitted", "number", pol.Number, "count", len(pol.Interpretations),
			"id", pol.PublicationID, "app", app.ID, "office", officeName(ctx, s.app, app.PendingStep().OfficeOrg)))
		return nil
	})
}

func readPolicyFile(path string) (*policyFile, publish.PolicyDraft, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, publish.PolicyDraft{}, err
	}
	pf := new(policyFile)
	if err := json.Unmarshal(raw, pf); err != nil {
		return nil, publish.PolicyDraft{}, fmt.Errorf("%s: %w", path, err)
	}
	dir := filepath.Dir(path)
	d := publish.PolicyDraft{Title: pf.Title, Number: pf.Number, IssuingOrg: pf.Issuer, Domains: pf.Domains, Mode: pf.Mode, Targets: pf.Targets}
	if pf.Date != "" {
		if d.IssuedOn, err = publish.ParseIssueDate(pf.Date); err != nil {
			return nil, d, err
		}
	}
	if d.Body, err = readBody(dir, pf.Body, pf.BodyFile, nil); err != nil {
		return nil, d, err
	}
	for _, name := range pf.Attachments {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, d, err
		}
		d.Attachments = append(d.Attachments, publish.AttachmentFile{Name: filepath.Base(name), Data: data})
	}
	for _, in := range pf.Interpretations {
		body, err := readBody(dir, in.Body, in.BodyFile, in.Images)
		if err != nil {
			return nil, d, err
		}
		d.Interpretations = append(d.Interpretations, publish.InterpretationDraft{Form: in.Form, Title: in.Title, AuthorOrg: in.Author, Body: body})
	}
	return pf, d, nil
}

// readBody reads a body given inline (HTML) or as a file named by its
// kind: .docx, .md, .txt, else HTML.
func readBody(dir, inline, file string, images map[string]string) (publish.Body, error) {
	b := publish.Body{Format: "html", Text: inline, Images: map[string][]byte{}}
	for name, f := range images {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			return b, err
		}
		b.Images[name] = data
	}
	if file == "" {
		return b, nil
	}
	data, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		return b, err
	}
	switch strings.ToLower(filepath.Ext(file)) {
	case ".docx":
		b.Format, b.File, b.Text = "docx", data, ""
	case ".md", ".markdown":
		b.Format, b.Text = "markdown", string(data)
	case ".txt":
		b.Format, b.Text = "text", string(data)
	default:
		b.Text = string(data)
	}
	return b, nil
}
