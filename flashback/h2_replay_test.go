package flashback_test

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"

	"github.com/flashback-go/flashback-go/contract"
	"github.com/flashback-go/flashback-go/flashback"
)

// TestMain makes the system's certificate pool the test servers' own
// certificate (SSL_CERT_FILE), so that the production default transport,
// and http.DefaultTransport under contract.NewTransport(nil), talk to
// loopback HTTPS servers with their settings unchanged.
func TestMain(m *testing.M) {
	os.Exit(withTestRoots(m))
}

func withTestRoots(m *testing.M) int {
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	cert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	srv.Close()
	dir, err := os.MkdirTemp("", "flashback-roots")
	if err != nil {
		panic(err)
	}
	defer func() { _ = os.RemoveAll(dir) }()
	file := filepath.Join(dir, "roots.pem")
	if err := os.WriteFile(file, cert, 0o600); err != nil {
		panic(err)
	}
	if err := os.Setenv("SSL_CERT_FILE", file); err != nil {
		panic(err)
	}
	if err := os.Setenv("SSL_CERT_DIR", dir); err != nil {
		panic(err)
	}
	return m.Run()
}

// h2Fault is what the HTTP/2 server does with each request once it has
// read all of it.
type h2Fault struct {
	name string
	// reset is the RST_STREAM code; with goAway, a GOAWAY is sent instead
	// and the connection closed.
	reset http2.ErrCode
	// goAway sends GOAWAY; processed says whether its last-stream-id
	// covers the request's stream.
	goAway, processed bool
	// mayResend: the protocol guarantees the server did not process the
	// request, so one more send is allowed.
	mayResend bool
}

var h2Faults = []h2Fault{
	{name: "RST_STREAM(PROTOCOL_ERROR)", reset: http2.ErrCodeProtocol},
	{name: "RST_STREAM(INTERNAL_ERROR)", reset: http2.ErrCodeInternal},
	{name: "RST_STREAM(CANCEL)", reset: http2.ErrCodeCancel},
	{name: "GOAWAY, stream processed", goAway: true, processed: true},
	{name: "RST_STREAM(REFUSED_STREAM)", reset: http2.ErrCodeRefusedStream, mayResend: true},
	{name: "GOAWAY, stream not processed", goAway: true, mayResend: true},
}

// h2Server is an HTTPS server on loopback speaking HTTP/2 at the frame
// level: it reads each request whole (headers and body) and answers it
// with 200 if answers has a body for its "METHOD path"; any other request
// it counts, and then does fault instead of answering.
type h2Server struct {
	URL     string
	Roots   *x509.CertPool
	fault   h2Fault
	answers map[string]string
	sends   atomic.Int64 // requests faulted
	mu      sync.Mutex
	paths   map[string]int64 // "METHOD path" -> requests faulted
}

func newH2Server(t *testing.T, fault h2Fault, answers map[string]string) *h2Server {
	t.Helper()
	s := &h2Server{fault: fault, answers: answers, paths: map[string]int64{}}
	ts := httptest.NewUnstartedServer(http.NotFoundHandler())
	ts.TLS = &tls.Config{NextProtos: []string{http2.NextProtoTLS}}
	ts.Config.TLSNextProto = map[string]func(*http.Server, *tls.Conn, http.Handler){
		http2.NextProtoTLS: func(_ *http.Server, c *tls.Conn, _ http.Handler) { s.serve(c) },
	}
	ts.Config.ErrorLog = log.New(io.Discard, "", 0) // clients that go away mid-handshake
	ts.StartTLS()
	t.Cleanup(ts.Close)
	s.URL = ts.URL
	s.Roots = x509.NewCertPool()
	s.Roots.AddCert(ts.Certificate())
	return s
}

// serve speaks HTTP/2 on one connection until the client goes away.
func (s *h2Server) serve(c *tls.Conn) {
	defer func() { _ = c.Close() }()
	preface := make([]byte, len(http2.ClientPreface))
	if _, err := io.ReadFull(c, preface); err != nil || string(preface) != http2.ClientPreface {
		return
	}
	fr := http2.NewFramer(c, c)
	fr.ReadMetaHeaders = hpack.NewDecoder(4096, nil)
	if err := fr.WriteSettings(); err != nil {
		return
	}
	paths := map[uint32]string{}
	var answered uint32 // the last stream answered
	for {
		f, err := fr.ReadFrame()
		if err != nil {
			return
		}
		var ended uint32
		switch f := f.(type) {
		case *http2.SettingsFrame:
			if !f.IsAck() {
				_ = fr.WriteSettingsAck()
			}
		case *http2.PingFrame:
			if !f.IsAck() {
				_ = fr.WritePing(true, f.Data)
			}
		case *http2.MetaHeadersFrame:
			paths[f.StreamID] = f.PseudoValue("method") + " " + f.PseudoValue("path")
			if f.StreamEnded() {
				ended = f.StreamID
			}
		case *http2.DataFrame:
			if n := f.Length; n > 0 {
				_ = fr.WriteWindowUpdate(0, n)
			}
			if f.StreamEnded() {
				ended = f.StreamID
			}
		}
		if ended == 0 {
			continue
		}
		if body, ok := s.answers[paths[ended]]; ok {
			if writeAnswer(fr, ended, body) != nil {
				return
			}
			answered = ended
			continue
		}
		s.sends.Add(1)
		s.mu.Lock()
		s.paths[paths[ended]]++
		s.mu.Unlock()
		if !s.fault.goAway {
			if fr.WriteRSTStream(ended, s.fault.reset) != nil {
				return
			}
			continue
		}
		last := ended
		if !s.fault.processed {
			last = answered // below this stream: only those answered were processed
		}
		_ = fr.WriteGoAway(last, http2.ErrCodeNo, nil)
		time.Sleep(10 * time.Millisecond) // let the GOAWAY arrive before the close
		return
	}
}

// writeAnswer answers stream id with a 200 carrying the JSON body.
func writeAnswer(fr *http2.Framer, id uint32, body string) error {
	var block bytes.Buffer
	enc := hpack.NewEncoder(&block)
	for _, f := range []hpack.HeaderField{
		{Name: ":status", Value: "200"},
		{Name: "content-type", Value: "application/json"},
		{Name: "content-length", Value: strconv.Itoa(len(body))},
	} {
		if err := enc.WriteField(f); err != nil {
			return err
		}
	}
	if err := fr.WriteHeaders(http2.HeadersFrameParam{StreamID: id, BlockFragment: block.Bytes(), EndHeaders: true}); err != nil {
		return err
	}
	return fr.WriteData(id, true, []byte(body))
}

// TestStateChangingCallsAreNeverReplayedOverHTTP2: a real HTTP/2 server
// reads each state-changing request whole and then resets its stream or
// goes away. Unless the protocol guarantees the request was not processed
// (REFUSED_STREAM, a GOAWAY below its stream), it is sent exactly once, by
// every layer: the client's retries and net/http's HTTP/2 transport, with
// the default transport, an *http.Transport with HTTP/2, and the contract
// transport; for every state-changing operation of openapi.yaml
// (stateChangingCalls), through its typed method and Generated(). A
// signed-in call's server answers its sign-in and faults only the call.
func TestStateChangingCallsAreNeverReplayedOverHTTP2(t *testing.T) {
	transports := []struct {
		name string
		opts func(s *h2Server) []flashback.Option
	}{
		{"default transport", func(*h2Server) []flashback.Option { return nil }},
		{"*http.Transport with HTTP/2", func(s *h2Server) []flashback.Option {
			tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: s.Roots}, ForceAttemptHTTP2: true}
			return []flashback.Option{flashback.WithHTTPClient(&http.Client{Transport: tr})}
		}},
		{"contract.NewTransport(nil)", func(*h2Server) []flashback.Option {
			return []flashback.Option{flashback.WithHTTPClient(&http.Client{Transport: contract.NewTransport(nil)})}
		}},
	}
	calls := stateChangingCalls(t)
	for _, fault := range h2Faults {
		for _, tr := range transports {
			t.Run(fault.name+"/"+tr.name, func(t *testing.T) {
				t.Parallel()
				for _, call := range calls {
					var answers map[string]string
					if call.signedIn {
						answers = signInAnswers
					}
					s := newH2Server(t, fault, answers)
					opts := append([]flashback.Option{flashback.WithTimeout(3 * time.Second)}, tr.opts(s)...)
					client := call.client(t, s.URL, opts...)
					err := call.call(t.Context(), client)
					client.CloseIdleConnections()
					if err == nil {
						t.Errorf("%s: no error, yet the server never answered", call.name)
					}
					sent := s.sends.Load()
					s.mu.Lock()
					n := s.paths[call.op.route]
					s.mu.Unlock()
					if n != sent {
						t.Errorf("%s: the server saw no %s, or other requests: %d sends", call.name, call.op.route, sent)
					}
					switch {
					case !fault.mayResend && sent != 1:
						t.Errorf("%s: sent %d times, want exactly 1 (err: %v)", call.name, sent, err)
					case fault.mayResend && (sent < 1 || sent > 2):
						t.Errorf("%s: sent %d times, want 1 or 2 (err: %v)", call.name, sent, err)
					}
					if testing.Verbose() {
						t.Logf("%s: %d sends; %v", call.name, sent, err)
					}
				}
			})
		}
	}
}
