/* Placeholder help page; the full reference is generated from functions.json and the catalogue. */
export {};
