// Stand-in for office-addin-manifest under Jest: office-addin-mock imports it only
// for its OfficeApp enum; its real dependency chain is ESM-only.
module.exports = {
  OfficeApp: { Excel: 'excel', OneNote: 'onenote', Outlook: 'outlook', PowerPoint: 'powerpoint', Project: 'project', Word: 'word' },
};
