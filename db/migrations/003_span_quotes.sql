-- Each finished span keeps the text it selects, so an export can prove its offsets still point at it.
ALTER TABLE set_spans ADD COLUMN quote TEXT;
