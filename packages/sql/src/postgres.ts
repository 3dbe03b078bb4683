// placeholder: built by the issue-18 helpers
export {};
