// ReparamTerminal: see ../../README.md
