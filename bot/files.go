package bot

import (
	"context"
	"fmt"
	"io"
	"net/http"

	tgbot "github.com/go-telegram/bot"

	"govmedia"
)

// maxDownload bounds a file a user sends the bot.
const maxDownload = 10 << 20

// download fetches a file a user sent, by its file_id.
func (b *Bot) download(ctx context.Context, fileID string) ([]byte, error) {
	f, err := b.api.GetFile(ctx, &tgbot.GetFileParams{FileID: fileID})
	if err != nil {
		return nil, fmt.Errorf("getFile: %s", redact(err.Error(), b.opts.Token))
	}
	if f.FileSize > maxDownload {
		return nil, govmedia.Errorf(govmedia.EINVALID, "bot.file_too_large", "max", "10 MB")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.api.FileDownloadLink(f), nil)
	if err != nil {
		return nil, err
	}
	client := b.opts.HTTPClient
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("downloading a file: %s", redact(err.Error(), b.opts.Token))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("downloading a file: HTTP %d", resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxDownload+1))
	if len(data) > maxDownload {
		return nil, govmedia.Errorf(govmedia.EINVALID, "bot.file_too_large", "max", "10 MB")
	}
	return data, err
}
