/**
 * Cache step 4: the search texts that lived only inside server_json get
 * columns of their own — a product's barcodes (as its search entry holds
 * them: joined by spaces) and a posting's number.
 *
 * Why: rebuilding the search index after a first sync read them with JSON
 * functions, parsing every product's and posting's server_json once more
 * (about a third of the rebuild). The writers now store exactly the text they
 * put in the search entry, so a rebuild reads columns only and always agrees
 * with the per-row writes.
 *
 * Existing rows are filled from server_json the way the rebuild read it.
 *
 * Also: products cached after their own stock rows kept stock sums of 0 (the
 * insert did not read the stocks already cached); their sums are put right.
 */
export const up = `
ALTER TABLE products ADD COLUMN barcodes TEXT NOT NULL DEFAULT '';
UPDATE products SET barcodes = CASE json_type(server_json, '$.barcodes') WHEN 'array'
  THEN COALESCE((SELECT group_concat(CAST(value AS TEXT), ' ') FROM json_each(server_json, '$.barcodes')), '') ELSE '' END;
ALTER TABLE postings ADD COLUMN posting_number TEXT NOT NULL DEFAULT '';
UPDATE postings SET posting_number = COALESCE(CAST(json_extract(server_json, '$.postingNumber') AS TEXT), '');
UPDATE products SET
  stock_present = (SELECT COALESCE(SUM(present), 0) FROM stocks s WHERE s.store_id = products.store_id AND s.product_id = products.key),
  stock_reserved = (SELECT COALESCE(SUM(reserved), 0) FROM stocks s WHERE s.store_id = products.store_id AND s.product_id = products.key)
WHERE stock_present = 0 AND stock_reserved = 0
  AND EXISTS (SELECT 1 FROM stocks s WHERE s.store_id = products.store_id AND s.product_id = products.key AND (s.present <> 0 OR s.reserved <> 0));
`;
