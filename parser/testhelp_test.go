package parser

import "github.com/alecthomas/participle/v2/lexer"

type lexerPosition = lexer.Position
