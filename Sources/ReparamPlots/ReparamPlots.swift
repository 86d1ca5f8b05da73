// ReparamPlots: see ../../README.md
