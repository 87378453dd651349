package wechat_test

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// This file is WeChat's message crypto written for the tests from the
// platform's public document (消息加解密技术方案), sharing no code with the
// package under test (which goes through silenceper's util) nor with the
// stand-in: a callback that accepts what it seals, and whose replies it
// opens, speaks WeChat's crypto and not merely its own.
//
//	AESKey      = Base64_Decode(EncodingAESKey + "="), 32 bytes; IV = AESKey[:16]
//	plain       = random(16) + len(msg) as 4 bytes in network order + msg + AppID
//	Encrypt     = Base64(AES-256-CBC(PKCS#7 pad of plain to a multiple of 32))
//	signature   = hex(SHA1(sort(token, timestamp, nonce) joined))
//	msg_signature = the same over (token, timestamp, nonce, Encrypt)

func specKey(encodingAESKey string) []byte {
	key, err := base64.StdEncoding.DecodeString(encodingAESKey + "=")
	if err != nil || len(key) != 32 {
		panic("spec: an EncodingAESKey is 43 characters of base64 for 32 bytes")
	}
	return key
}

// specSignature is WeChat's signature of parts.
func specSignature(parts ...string) string {
	sorted := append([]string(nil), parts...)
	sort.Strings(sorted)
	sum := sha1.Sum([]byte(strings.Join(sorted, "")))
	return hex.EncodeToString(sum[:])
}

// specEncrypt seals msg for appID.
func specEncrypt(encodingAESKey, appID string, msg []byte) string {
	key := specKey(encodingAESKey)
	var plain []byte
	random := make([]byte, 16)
	_, _ = rand.Read(random)
	plain = append(plain, random...)
	plain = binary.BigEndian.AppendUint32(plain, uint32(len(msg)))
	plain = append(plain, msg...)
	plain = append(plain, appID...)
	pad := 32 - len(plain)%32
	plain = append(plain, bytes.Repeat([]byte{byte(pad)}, pad)...)
	block, _ := aes.NewCipher(key)
	cipher.NewCBCEncrypter(block, key[:16]).CryptBlocks(plain, plain)
	return base64.StdEncoding.EncodeToString(plain)
}

// specDecrypt opens an Encrypt text and checks it was sealed for appID.
func specDecrypt(encodingAESKey, appID, encrypted string) ([]byte, error) {
	key := specKey(encodingAESKey)
	data, err := base64.StdEncoding.DecodeString(encrypted)
	if err != nil || len(data) == 0 || len(data)%32 != 0 {
		return nil, fmt.Errorf("spec: Encrypt is not base64 of whole 32-byte blocks")
	}
	block, _ := aes.NewCipher(key)
	cipher.NewCBCDecrypter(block, key[:16]).CryptBlocks(data, data)
	pad := int(data[len(data)-1])
	if pad < 1 || pad > 32 || len(data)-pad < 20 {
		return nil, fmt.Errorf("spec: bad padding %d", pad)
	}
	data = data[:len(data)-pad]
	n := int(binary.BigEndian.Uint32(data[16:20]))
	if n > len(data)-20 {
		return nil, errors.New("spec: the length exceeds the text")
	}
	if got := string(data[20+n:]); got != appID {
		return nil, fmt.Errorf("spec: sealed for %q, want %q", got, appID)
	}
	return data[20 : 20+n], nil
}

// wxMode is how WeChat posts to a callback.
type wxMode int

const (
	plainMode wxMode = iota
	compatibleMode
	safeMode
)

func (m wxMode) String() string { return [...]string{"plain", "compatible", "safe"}[m] }

// wxAccount is what the sending side knows of an account.
type wxAccount struct {
	AppID, Token, EncodingAESKey string
}

// specPush builds WeChat's POST of msg (plain XML) to a callback: the query
// and the body, signed (and in compatible and safe mode encrypted) for acc
// at time at.
func specPush(acc wxAccount, mode wxMode, msg []byte, at time.Time) (url.Values, []byte) {
	ts, nonce := strconv.FormatInt(at.Unix(), 10), strconv.FormatInt(at.UnixNano()%1e9, 10)
	q := url.Values{"signature": {specSignature(acc.Token, ts, nonce)}, "timestamp": {ts}, "nonce": {nonce}, "openid": {"o-spec"}}
	if mode == plainMode {
		return q, msg
	}
	enc := specEncrypt(acc.EncodingAESKey, acc.AppID, msg)
	q.Set("encrypt_type", "aes")
	q.Set("msg_signature", specSignature(acc.Token, ts, nonce, enc))
	field := "<Encrypt><![CDATA[" + enc + "]]></Encrypt>"
	if mode == compatibleMode {
		return q, []byte(strings.TrimSuffix(string(msg), "</xml>") + field + "</xml>")
	}
	return q, []byte("<xml><ToUserName><![CDATA[gh_spec]]></ToUserName>" + field + "</xml>")
}

// specReply is a passive reply opened by the spec side.
type specReply struct {
	Encrypted    bool `xml:"-"`
	ToUserName   string
	FromUserName string
	MsgType      string
	Content      string
	ArticleCount int
	Articles     []specArticle `xml:"Articles>item"`
}

type specArticle struct {
	Title       string `xml:"Title"`
	Description string `xml:"Description"`
	PicURL      string `xml:"PicUrl"`
	URL         string `xml:"Url"`
}

// specOpenReply verifies and decrypts a callback's answer as WeChat does:
// in compatible and safe mode it must be encrypted and signed. "success"
// and an empty answer are nil.
func specOpenReply(acc wxAccount, mode wxMode, answer []byte) (*specReply, error) {
	answer = bytes.TrimSpace(answer)
	if len(answer) == 0 || string(answer) == "success" {
		return nil, nil
	}
	var env struct {
		Encrypt, MsgSignature, TimeStamp, Nonce string
	}
	if err := xml.Unmarshal(answer, &env); err != nil {
		return nil, fmt.Errorf("spec: the reply is not XML: %w", err)
	}
	plain, r := answer, &specReply{}
	if mode != plainMode {
		if env.Encrypt == "" {
			return nil, errors.New("spec: an encrypted push got a plain reply")
		}
		if specSignature(acc.Token, env.TimeStamp, env.Nonce, env.Encrypt) != env.MsgSignature {
			return nil, errors.New("spec: the reply's MsgSignature is wrong")
		}
		var err error
		if plain, err = specDecrypt(acc.EncodingAESKey, acc.AppID, env.Encrypt); err != nil {
			return nil, err
		}
		r.Encrypted = true
	}
	if err := xml.Unmarshal(plain, r); err != nil {
		return nil, fmt.Errorf("spec: the reply's message is not XML: %w", err)
	}
	return r, nil
}
