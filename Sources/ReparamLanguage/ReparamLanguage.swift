// ReparamLanguage: see ../../README.md
