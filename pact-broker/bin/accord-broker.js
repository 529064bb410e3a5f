#!/usr/bin/env node
// Committed launcher: npm links bins at install time, before `dist/` is built, so the linked file must be in git.
import '../dist/bin/accord-broker.js';
