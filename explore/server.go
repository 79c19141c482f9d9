package explore

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"strconv"
	"sync"

	"github.com/rspec/rspec/checker"
	"github.com/rspec/rspec/diagram"
)

//go:embed static
var static embed.FS

// Options configure a Server.
type Options struct {
	// Name is the spec's name shown on the page ("raft").
	Name string
	// Source is the spec's path shown on the page ("spec/raft.rsl").
	Source string
	// Traces are counterexamples and examples to offer, as read from a
	// trace file written by rspec check --trace-out.
	Traces []*checker.Trace
	// Rules mark state changes in the diagram; nil means
	// diagram.DefaultRules.
	Rules []diagram.Rule
	// DefaultDepth is the depth of an on-demand check when the request names
	// none; 0 means 8.
	DefaultDepth int
	// MaxDepth caps the depth of on-demand checks; 0 means 12.
	MaxDepth int
	// MaxStates caps the unique states of an on-demand check; 0 means
	// 2,000,000.
	MaxStates uint64
}

// Server serves the Explorer for one model: the page and its JSON API.
type Server[S any, A any] struct {
	m    checker.Model[S, A]
	ev   checker.Eventer[S, A] // nil when the model has no events
	opts Options

	mu     sync.Mutex
	traces []*traceEntry // loaded, then computed; IDs are indexes
	runMu  sync.Mutex    // one on-demand check at a time
}

// New returns a Server for m.
func New[S any, A any](m checker.Model[S, A], opts Options) *Server[S, A] {
	if opts.Rules == nil {
		opts.Rules = diagram.DefaultRules
	}
	if opts.DefaultDepth == 0 {
		opts.DefaultDepth = 8
	}
	if opts.MaxDepth == 0 {
		opts.MaxDepth = 12
	}
	if opts.MaxStates == 0 {
		opts.MaxStates = 2_000_000
	}
	x := &Server[S, A]{m: m, opts: opts}
	x.ev, _ = m.(checker.Eventer[S, A])
	for _, t := range opts.Traces {
		x.traces = append(x.traces, &traceEntry{Trace: t, Source: "file"})
	}
	return x
}

// Handler returns the HTTP handler: the page at /, the API under /api/.
func (x *Server[S, A]) Handler() http.Handler {
	mux := http.NewServeMux()
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the embedded tree is part of the binary
	}
	mux.Handle("GET /", http.FileServerFS(sub))
	mux.HandleFunc("GET /api/model", x.handleModel)
	mux.HandleFunc("GET /api/state", x.handleState)
	mux.HandleFunc("GET /api/diagram.svg", x.handleDiagramSVG)
	mux.HandleFunc("GET /api/diagram.mmd", x.handleDiagramMermaid)
	mux.HandleFunc("GET /api/traces", x.handleTraces)
	mux.HandleFunc("POST /api/traces/compute", x.handleCompute)
	return mux
}

// apiError is the body of every API error: {"error": "..."}.
type apiError struct {
	Error string `json:"error"`
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func writeError(w http.ResponseWriter, err error) {
	code := http.StatusInternalServerError
	if errors.Is(err, ErrBadPath) || errors.Is(err, errBadRequest) {
		code = http.StatusBadRequest
	}
	writeJSON(w, code, apiError{Error: err.Error()})
}

var errBadRequest = errors.New("bad request")

// walkOf follows the request's path parameter.
func (x *Server[S, A]) walkOf(r *http.Request) (*walk[S, A], error) {
	items, err := SplitPath(r.URL.Query().Get("path"))
	if err != nil {
		return nil, err
	}
	return x.follow(items)
}

// modelInfo is the body of GET /api/model.
type modelInfo struct {
	Name       string         `json:"name"`
	Source     string         `json:"source"`
	Nodes      []string       `json:"nodes"`
	Vars       []string       `json:"vars"`
	Properties []propertyInfo `json:"properties"`
	Events     bool           `json:"events"` // the model describes its steps
	PathSep    string         `json:"path_sep"`
	MaxDepth   int            `json:"max_depth"`
	Depth      int            `json:"default_depth"`
}

type propertyInfo struct {
	Name string       `json:"name"`
	Kind checker.Kind `json:"kind"`
}

func (x *Server[S, A]) handleModel(w http.ResponseWriter, r *http.Request) {
	names := x.m.VarNames()
	info := modelInfo{Name: x.opts.Name, Source: x.opts.Source, Nodes: diagram.Nodes(names), Vars: names,
		Events: x.ev != nil, PathSep: PathSep, MaxDepth: x.opts.MaxDepth, Depth: x.opts.DefaultDepth}
	for _, p := range x.m.Properties() {
		info.Properties = append(info.Properties, propertyInfo{Name: p.Name, Kind: p.Kind})
	}
	writeJSON(w, http.StatusOK, info)
}

func (x *Server[S, A]) handleState(w http.ResponseWriter, r *http.Request) {
	wk, err := x.walkOf(r)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, x.view(wk))
}

func (x *Server[S, A]) handleDiagramSVG(w http.ResponseWriter, r *http.Request) {
	wk, err := x.walkOf(r)
	if err != nil {
		writeError(w, err)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(diagram.SVG(x.diagram(wk))))
}

func (x *Server[S, A]) handleDiagramMermaid(w http.ResponseWriter, r *http.Request) {
	wk, err := x.walkOf(r)
	if err != nil {
		writeError(w, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(diagram.Mermaid(x.diagram(wk))))
}

// intParam reads an optional integer query parameter.
func intParam(r *http.Request, name string, def int) (int, error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%w: invalid %s %q", errBadRequest, name, s)
	}
	return n, nil
}
