# The English interface of Hợp Tác.

site-name = Hợp Tác
site-tagline = The market of Huế's cooperatives
meta-description = Buy handicrafts and farm produce straight from the cooperatives of Huế: bamboo and rattan, zèng brocade, VietGAP produce, community tourism.
skip-to-content = Skip to content

nav-cooperatives = Cooperatives
nav-categories = Categories
nav-cart = Cart
nav-menu = Main menu
search-label = Search products
search-placeholder = Rattan baskets, brocade, honey…
search-button = Search
language-switch = Language
footer-about = Hợp Tác is the online market of the cooperatives, cooperative groups and household businesses of Huế, backed by the city's Cooperative Union.
footer-api = API documentation
footer-copyright = © { $year } Hợp Tác · Huế City Cooperative Union

home-title = Real goods, made by real people
home-lead = Everything here is made by a cooperative in Huế. You buy directly, and the makers are paid fairly.
home-cooperatives = The cooperatives
home-featured = Featured
home-categories = Shop by category
home-all-cooperatives = All cooperatives
home-all-products = All products

cooperatives-title = The cooperatives
cooperatives-lead = The people behind the products: their stories, their members, the local jobs they create.
cooperatives-empty = No cooperative has been admitted yet. Please come back later.

kind-cooperative = Cooperative
kind-cooperative_group = Cooperative group
kind-household_business = Household business

coop-members = { $count ->
    [one] { $count } member
   *[other] { $count } members
}
coop-jobs = { $count ->
    [one] { $count } local job
   *[other] { $count } local jobs
}
coop-founded = Founded in { $year }
coop-products = { $count ->
    [one] { $count } product
   *[other] { $count } products
}
coop-story = Our story
coop-certifications = Certifications
coop-products-title = Products from { $name }
coop-no-products = This cooperative has not listed anything yet.
coop-impact = Impact
coop-representative = Representative

category-title = { $name }
category-subcategories = Subcategories
category-empty = Nothing in this category yet.
categories-title = Categories

product-by = By
product-maker = Made by
product-origin = Origin
product-variants = Options
product-sku = SKU
product-price = Price
product-stock = Stock
product-in-stock = { $count } in stock
product-out-of-stock = Sold out
product-made-to-order = Made to order: { $days ->
    [one] { $days } day
   *[other] { $days } days
}
product-min-order = Minimum { $count }
product-weight = Weight
product-dimensions = Size
product-hs-code = HS code
product-description = Description
product-care = Care
product-certifications = Certifications
product-images = Pictures
product-view-large = View large picture
product-about-coop = About the seller
product-visit-coop = Visit the cooperative
product-price-from = From { $price }

cert-vietgap = VietGAP
cert-ocop = OCOP { $stars }-star
cert-organic = Organic
cert-award = Award
cert-valid-until = Valid until { $date }
cert-number = No. { $number }

search-title = Search
search-results = { $count ->
    [0] Nothing found for “{ $query }”.
    [one] 1 product for “{ $query }”
   *[other] { $count } products for “{ $query }”
}
search-empty-query = Type a product, a material or a cooperative to search.
search-try = Try: rattan basket, brocade, honey, rice

cart-title = Cart
cart-empty = Your cart is empty.
cart-browse = Browse products

pager-label = Pages
pager-prev = ← Previous
pager-next = Next →
pager-page = Page { $page } of { $pages }

not-found-title = Page not found
not-found-body = The page you are looking for is not here. It may have moved or been taken down.
not-found-home = Back to the home page
error-title = Something went wrong
error-body = We could not load this page. Please try again in a few minutes.
breadcrumb = Breadcrumb
home = Home
