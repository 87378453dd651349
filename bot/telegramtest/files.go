package telegramtest

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/gif"  // decode GIF sizes
	_ "image/jpeg" // decode JPEG sizes
	_ "image/png"  // decode PNG sizes
	"mime"
	"net/http"
	"path"
	"strings"
)

// fileKind is what a file was sent as.
type fileKind string

// The kinds name the folders of file paths, as Telegram's do.
const (
	kindDocument fileKind = "documents"
	kindPhoto    fileKind = "photos"
)

// storedFile is a file kept by the server, known by its file_id.
type storedFile struct {
	id, uniqueID string
	path         string // file_path for the download link
	name, mime   string
	data         []byte
	width        int
	height       int
}

// file is the Bot API "File" object.
type file struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	FileSize     int64  `json:"file_size"`
	FilePath     string `json:"file_path,omitempty"`
}

// storeFile keeps an upload; a photo must be an image. Call with s.mu held.
func (s *Server) storeFile(u Upload, kind fileKind) (*storedFile, error) {
	if len(u.Data) == 0 {
		return nil, badRequest("file must be non-empty")
	}
	n := s.nextSeq()
	f := &storedFile{
		id:       fmt.Sprintf("%s-%d-%x", strings.ToUpper(string(kind[:3])), n, n*2654435761),
		uniqueID: fmt.Sprintf("AQAD%d", n),
		name:     u.Name,
		mime:     u.MIME,
		data:     u.Data,
	}
	ext := strings.ToLower(path.Ext(u.Name))
	if f.mime == "" || f.mime == "application/octet-stream" {
		f.mime = mimeByExtension(ext, f.mime)
	}
	if kind == kindPhoto {
		cfg, format, err := image.DecodeConfig(bytes.NewReader(u.Data))
		if err != nil {
			return nil, badRequest("IMAGE_PROCESS_FAILED")
		}
		f.width, f.height, ext = cfg.Width, cfg.Height, "."+format
		if !strings.HasPrefix(f.mime, "image/") {
			f.mime = "image/" + format
		}
	}
	f.path = fmt.Sprintf("%s/file_%d%s", kind, n, ext)
	s.files[f.id] = f
	return f, nil
}

// maxPhotoBytes bounds a photo sent by upload (sendPhoto): 10 MB.
const maxPhotoBytes = 10 << 20

// photoFits applies sendPhoto's limits to an upload: at most 10 MB, an
// image whose width and height together are at most 10,000, neither more
// than 20 times the other.
func photoFits(data []byte) error {
	if len(data) > maxPhotoBytes {
		return badRequest("PHOTO_SAVE_FILE_INVALID")
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return badRequest("IMAGE_PROCESS_FAILED")
	}
	w, h := cfg.Width, cfg.Height
	if w+h > 10000 || w > 20*h || h > 20*w {
		return badRequest("PHOTO_INVALID_DIMENSIONS")
	}
	return nil
}

// officeTypes are document types the system tables may lack.
var officeTypes = map[string]string{
	".csv":  "text/csv",
	".txt":  "text/plain",
	".doc":  "application/msword",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xls":  "application/vnd.ms-excel",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".zip":  "application/zip",
}

// mimeByExtension guesses a MIME type from a file name's extension, as
// Telegram does for uploads; def when unknown.
func mimeByExtension(ext, def string) string {
	if t, ok := officeTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return strings.SplitN(t, ";", 2)[0]
	}
	return def
}

// document is the Document object for f.
func (f *storedFile) document() *Document {
	return &Document{FileID: f.id, FileUniqueID: f.uniqueID, FileName: f.name, MimeType: f.mime, FileSize: int64(len(f.data))}
}

// photo is the PhotoSize list for f: one size, the original.
func (f *storedFile) photo() []PhotoSize {
	return []PhotoSize{{FileID: f.id, FileUniqueID: f.uniqueID, Width: f.width, Height: f.height, FileSize: int64(len(f.data))}}
}

// getFile implements getFile.
func (s *Server) getFile(_ context.Context, p *params) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.files[strings.TrimSpace(p.str("file_id"))]
	if f == nil {
		return nil, badRequest("invalid file_id")
	}
	if len(f.data) > 20<<20 {
		return nil, badRequest("file is too big")
	}
	return file{FileID: f.id, FileUniqueID: f.uniqueID, FileSize: int64(len(f.data)), FilePath: f.path}, nil
}

// serveFile answers GET /file/bot<token>/<file_path>.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, rest string) {
	token, filePath, _ := strings.Cut(rest, "/")
	if token != s.opts.Token {
		writeEnvelope(w, errorEnvelope(errUnauthorized))
		return
	}
	if err := s.takeFault(r.Context(), DownloadMethod, ""); err != nil {
		writeEnvelope(w, errorEnvelope(err.(*apiError)))
		return
	}
	f := s.fileByPath(filePath)
	if f == nil {
		writeEnvelope(w, errorEnvelope(errNotFound))
		return
	}
	w.Header().Set("Content-Type", f.mime)
	_, _ = w.Write(f.data)
}

// fileByPath finds a file by its file_path.
func (s *Server) fileByPath(filePath string) *storedFile {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.files {
		if f.path == filePath {
			return f
		}
	}
	return nil
}

// FileData returns the bytes, name and MIME type of a file by file_id.
func (s *Server) FileData(fileID string) (data []byte, name, mimeType string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.files[fileID]
	if f == nil {
		return nil, "", "", false
	}
	return f.data, f.name, f.mime, true
}
