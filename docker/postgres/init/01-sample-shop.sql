-- DataCharts sample shop: a small tea-and-homeware shop with three years of orders (2022-2024), for trying live
-- PostgreSQL connections. The official postgres image runs this once, when its data volume is empty, as
--   psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -f 01-sample-shop.sql
-- and so can you against any database. It makes the schema "shop" (snake_case names, primary keys, and on purpose no
-- declared foreign keys, as in many real databases) and the read-only role datacharts_reader, whose password is
-- $DATACHARTS_READER_PASSWORD (default "datacharts_reader"). Every value comes from a formula: each run gives the same rows.
\set ON_ERROR_STOP on
SET client_encoding = 'UTF8';
SET client_min_messages = warning;

\getenv reader_password DATACHARTS_READER_PASSWORD
\if :{?reader_password}
\else
  \set reader_password datacharts_reader
\endif

BEGIN;
DROP SCHEMA IF EXISTS shop CASCADE;
CREATE SCHEMA shop;
SET LOCAL search_path = shop;

CREATE TABLE categories (
  category_id   integer PRIMARY KEY,
  category_name text NOT NULL,
  description   text
);
INSERT INTO categories VALUES
  (1, 'Tea', 'Loose leaf and bagged tea'),
  (2, 'Coffee', 'Beans and ground coffee'),
  (3, 'Snacks', 'Biscuits, nuts and sweets'),
  (4, 'Kitchen', 'Pots, kettles and tools'),
  (5, 'Books', 'Cookery and travel books'),
  (6, 'Stationery', 'Notebooks and pens'),
  (7, 'Garden', 'Herb pots and seeds'),
  (8, '茶具', 'Chinese tea ware');

-- 40 products, five to a category; the tea ware has Chinese names.
CREATE TABLE products (
  product_id   integer PRIMARY KEY,
  product_name text NOT NULL,
  category_id  integer NOT NULL,
  unit_price   numeric(8,2) NOT NULL,
  unit_cost    numeric(8,2) NOT NULL,
  launched_on  date NOT NULL,
  discontinued boolean NOT NULL DEFAULT false
);
INSERT INTO products
SELECT i,
       CASE WHEN c = 8 THEN (ARRAY['紫砂茶壶', '青花瓷杯', '竹制茶盘', '玻璃公道杯', '旅行茶具套装'])[v]
            ELSE (ARRAY['Green Tea', 'Espresso Beans', 'Almond Biscuits', 'Kettle', 'Travel Guide', 'Notebook', 'Basil Pot'])[c]
                 || ' ' || (ARRAY['Classic', 'Deluxe', 'Mini', 'Organic', 'Gift Box'])[v] END,
       c,
       round(4 + (i * 37 % 61) + (i % 4) * 0.25 + CASE WHEN c IN (4, 8) THEN 30 ELSE 0 END, 2),
       round((4 + (i * 37 % 61) + (i % 4) * 0.25 + CASE WHEN c IN (4, 8) THEN 30 ELSE 0 END) * (0.45 + (i % 5) * 0.05), 2),
       date '2021-03-01' + (i * 23 % 500),
       i % 13 = 0
FROM generate_series(1, 40) AS i,
     LATERAL (SELECT 1 + (i - 1) % 8 AS c, 1 + (i - 1) / 8 AS v) AS p;

-- 600 customers (600 different names) in ten cities of six countries, some cities busier than others.
CREATE TABLE customers (
  customer_id integer PRIMARY KEY,
  first_name  text NOT NULL,
  last_name   text NOT NULL,
  email       text,
  city        text NOT NULL,
  country     text NOT NULL,
  segment     text NOT NULL,
  signed_up_on date NOT NULL
);
INSERT INTO customers
SELECT i, f, l,
       CASE WHEN i % 17 = 0 THEN NULL ELSE lower(f || '.' || l || i) || '@example.com' END,
       ct.city, ct.country,
       CASE WHEN i % 9 = 0 THEN 'business' WHEN i % 23 = 0 THEN 'education' ELSE 'consumer' END,
       date '2021-01-01' + (i * 13 % 1200)
FROM generate_series(1, 600) AS i
CROSS JOIN LATERAL (SELECT
       (ARRAY['Ada', 'Bo', 'Chen', 'Dara', 'Emil', 'Fatima', 'Gita', 'Hugo', 'Ines', 'Jonas',
              'Kiri', 'Li', 'Maya', 'Nils', 'Olu', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tomas',
              'Uma', 'Viktor', 'Wen', 'Xavier', 'Yara', 'Zoe', 'Aiko', 'Bjorn', 'Carmen', 'Dmitri'])[1 + i % 30] AS f,
       (ARRAY['Berg', 'Costa', 'Dahl', 'Evans', 'Fischer', 'Garcia', 'Hansen', 'Iyer', 'Jensen', 'Kumar',
              'Lopez', 'Meyer', 'Nakamura', 'Olsen', 'Patel', 'Quispe', 'Rossi', 'Silva', 'Wang', 'Zhang'])[1 + (i / 30 + i * 7) % 20] AS l,
       1 + (i * i + i / 7) % 10 AS city_id) AS n
JOIN (VALUES (1, 'Oslo', 'Norway'), (2, 'Bergen', 'Norway'), (3, 'Berlin', 'Germany'), (4, 'Hamburg', 'Germany'),
             (5, 'Lima', 'Peru'), (6, 'São Paulo', 'Brazil'), (7, 'Pune', 'India'), (8, 'Mumbai', 'India'),
             (9, '上海', 'China'), (10, '北京', 'China')) AS ct (city_id, city, country) ON ct.city_id = n.city_id;

-- Twelve staff: the managing director, three managers reporting to her, eight sales people under them.
CREATE TABLE staff (
  staff_id   integer PRIMARY KEY,
  first_name text NOT NULL,
  last_name  text NOT NULL,
  job_title  text NOT NULL,
  manager_id integer,
  hired_on   date NOT NULL,
  city       text NOT NULL
);
INSERT INTO staff VALUES
  (1, 'Ingrid', 'Solberg', 'Managing Director', NULL, '2019-02-01', 'Oslo'),
  (2, 'Marco', 'Ruiz', 'Sales Manager', 1, '2019-06-15', 'Lima'),
  (3, '芳', '王', 'Sales Manager', 1, '2020-01-06', '上海'),
  (4, 'Anika', 'Vogel', 'Sales Manager', 1, '2020-03-02', 'Berlin'),
  (5, 'Tariq', 'Shah', 'Sales Associate', 2, '2020-09-01', 'Lima'),
  (6, 'Lucia', 'Ramos', 'Sales Associate', 2, '2021-04-12', 'São Paulo'),
  (7, '伟', '李', 'Sales Associate', 3, '2021-02-22', '北京'),
  (8, 'Rohan', 'Mehta', 'Sales Associate', 3, '2021-07-05', 'Pune'),
  (9, 'Eva', 'Krause', 'Sales Associate', 4, '2021-10-18', 'Hamburg'),
  (10, 'Ola', 'Nordmann', 'Sales Associate', 4, '2022-01-10', 'Bergen'),
  (11, 'Sara', 'Lind', 'Sales Associate', 2, '2022-05-30', 'Oslo'),
  (12, 'Kenji', 'Mori', 'Sales Associate', 3, '2023-03-01', 'Mumbai');

-- 4,000 orders over 2022-2024, more each year as the shop grows; order_total is filled from the items below.
CREATE TABLE orders (
  order_id      integer PRIMARY KEY,
  customer_id   integer NOT NULL,
  staff_id      integer,
  ordered_at    timestamp NOT NULL,
  shipped_on    date,
  status        text NOT NULL,
  channel       text NOT NULL,
  shipping_cost numeric(8,2) NOT NULL,
  order_total   numeric(10,2)
);
INSERT INTO orders (order_id, customer_id, staff_id, ordered_at, shipped_on, status, channel, shipping_cost)
SELECT 10000 + i,
       1 + (i * 7919) % 600,
       CASE WHEN ch = 'web' THEN NULL ELSE 5 + i % 8 END,
       at,
       CASE WHEN st IN ('shipped', 'returned') THEN (at + interval '1 day' * (1 + i % 6))::date END,
       st, ch,
       CASE WHEN ch = 'store' THEN 0 ELSE 4.90 + (i % 3) * 2.50 END
FROM generate_series(1, 4000) AS i
CROSS JOIN LATERAL (SELECT timestamp '2022-01-01 08:00'
       + interval '1 day' * floor(1096 * (1 - power(1 - i / 4001.0, 1.15)))
       + interval '1 minute' * (i * 37 % 720) AS at) AS t
CROSS JOIN LATERAL (SELECT
       (ARRAY['web', 'web', 'store', 'phone', 'web', 'app', 'store'])[1 + i % 7] AS ch,
       CASE WHEN i % 29 = 0 THEN 'cancelled' WHEN i % 17 = 0 THEN 'returned'
            WHEN t.at >= timestamp '2024-12-24' THEN 'pending' ELSE 'shipped' END AS st) AS s;

-- One to four lines an order, at the product's price, with a 10% discount on some lines.
CREATE TABLE order_items (
  order_item_id integer PRIMARY KEY,
  order_id      integer NOT NULL,
  product_id    integer NOT NULL,
  quantity      integer NOT NULL,
  unit_price    numeric(8,2) NOT NULL,
  discount      numeric(4,2) NOT NULL DEFAULT 0
);
INSERT INTO order_items
SELECT row_number() OVER (ORDER BY o.order_id, n),
       o.order_id, p.product_id,
       1 + (o.order_id / 3 + n * n) % 5 - CASE WHEN p.unit_price > 40 THEN (o.order_id / 3 + n * n) % 5 ELSE 0 END,
       p.unit_price,
       CASE WHEN (o.order_id + n) % 10 = 0 THEN 0.10 ELSE 0 END
FROM orders AS o
CROSS JOIN LATERAL generate_series(1, 1 + o.order_id * 3 % 4) AS n
JOIN products AS p ON p.product_id = 1 + (o.order_id * 31 + n * 17 + n * n + o.order_id / 11) % 40;

UPDATE orders AS o
SET order_total = t.total
FROM (SELECT order_id, round(sum(quantity * unit_price * (1 - discount)), 2) AS total FROM order_items GROUP BY order_id) AS t
WHERE t.order_id = o.order_id;
UPDATE orders SET order_total = order_total + shipping_cost;

-- The role DataCharts should connect as: it may log in and read the shop, nothing more.
SELECT 'CREATE ROLE datacharts_reader' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'datacharts_reader') \gexec
ALTER ROLE datacharts_reader WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'reader_password';
ALTER ROLE datacharts_reader SET default_transaction_read_only = on;
SELECT format('GRANT CONNECT ON DATABASE %I TO datacharts_reader', current_database()) \gexec
GRANT USAGE ON SCHEMA shop TO datacharts_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA shop TO datacharts_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA shop GRANT SELECT ON TABLES TO datacharts_reader;
COMMIT;

-- Row counts for the catalog (DataCharts shows the planner's estimates) without waiting for autovacuum.
ANALYZE shop.categories, shop.products, shop.customers, shop.staff, shop.orders, shop.order_items;
