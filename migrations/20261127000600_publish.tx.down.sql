DROP TABLE org_covers, callback_seen, followers, mass_sends, deliveries, publication_images, publication_articles, publications;
