package bot

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	tgbot "github.com/go-telegram/bot"

	"govmedia"
)

// maxDownload bounds a file a user sends the bot.
const maxDownload = 10 << 20

// downloadClient fetches files users send: every step has a deadline, and
// the whole download too (10 MB at a slow office's few hundred kB/s), so
// that a download the Bot API stalls ends even if its context does not.
var downloadClient = newClient(10*time.Second, time.Minute)

// newClient returns a client that gives up on connecting and on the TLS
// handshake after 10 s, on the response's headers after header, and on
// the whole exchange after total.
func newClient(header, total time.Duration) *http.Client {
	return &http.Client{Timeout: total, Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: header,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConnsPerHost:   16,
		ForceAttemptHTTP2:     true,
	}}
}

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
		client = downloadClient
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
