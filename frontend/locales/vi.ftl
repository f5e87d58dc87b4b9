# Giao diện tiếng Việt của Hợp Tác.

site-name = Hợp Tác
site-tagline = Chợ của các hợp tác xã xứ Huế
meta-description = Mua trực tiếp hàng thủ công và nông sản của các hợp tác xã Huế: mây tre đan, dệt zèng, nông sản VietGAP, du lịch cộng đồng.
skip-to-content = Bỏ qua đến nội dung

nav-cooperatives = Hợp tác xã
nav-categories = Danh mục
nav-cart = Giỏ hàng
nav-menu = Danh mục chính
search-label = Tìm sản phẩm
search-placeholder = Tìm giỏ mây, thổ cẩm, mật ong…
search-button = Tìm
language-switch = Ngôn ngữ
footer-about = Hợp Tác là chợ trực tuyến của các hợp tác xã, tổ hợp tác và hộ kinh doanh ở Huế, do Liên minh Hợp tác xã thành phố hỗ trợ.
footer-api = Tài liệu API
footer-copyright = © { $year } Hợp Tác · Liên minh Hợp tác xã thành phố Huế

home-title = Hàng thật, người làm thật
home-lead = Mỗi món hàng ở đây do một hợp tác xã ở Huế làm ra. Bạn mua trực tiếp, người làm được trả công xứng đáng.
home-cooperatives = Các hợp tác xã
home-featured = Sản phẩm nổi bật
home-categories = Mua theo danh mục
home-all-cooperatives = Xem tất cả hợp tác xã
home-all-products = Xem tất cả sản phẩm

cooperatives-title = Các hợp tác xã
cooperatives-lead = Những người làm ra sản phẩm: câu chuyện, số thành viên, việc làm cho người dân địa phương.
cooperatives-empty = Chưa có hợp tác xã nào được duyệt. Hãy quay lại sau.

kind-cooperative = Hợp tác xã
kind-cooperative_group = Tổ hợp tác
kind-household_business = Hộ kinh doanh

coop-members = { $count } thành viên
coop-jobs = { $count } việc làm tại địa phương
coop-founded = Thành lập năm { $year }
coop-products = { $count } sản phẩm
coop-story = Câu chuyện
coop-certifications = Chứng nhận
coop-products-title = Sản phẩm của { $name }
coop-no-products = Hợp tác xã này chưa đăng sản phẩm nào.
coop-impact = Tác động
coop-representative = Người đại diện

category-title = { $name }
category-subcategories = Danh mục con
category-empty = Chưa có sản phẩm nào trong danh mục này.
categories-title = Danh mục

product-by = Của
product-maker = Người làm
product-origin = Xuất xứ
product-variants = Lựa chọn
product-sku = Mã hàng
product-price = Giá
product-stock = Còn hàng
product-in-stock = Còn { $count }
product-out-of-stock = Hết hàng
product-made-to-order = Làm theo đơn: { $days } ngày
product-min-order = Tối thiểu { $count }
product-weight = Khối lượng
product-dimensions = Kích thước
product-hs-code = Mã HS
product-description = Mô tả
product-care = Bảo quản
product-certifications = Chứng nhận
product-images = Hình ảnh
product-view-large = Xem ảnh lớn
product-about-coop = Về người bán
product-visit-coop = Xem hợp tác xã
product-price-from = Từ { $price }

cert-vietgap = VietGAP
cert-ocop = OCOP { $stars } sao
cert-organic = Hữu cơ
cert-award = Giải thưởng
cert-valid-until = Hiệu lực đến { $date }
cert-number = Số { $number }

search-title = Tìm kiếm
search-results = { $count ->
    [0] Không tìm thấy sản phẩm nào cho “{ $query }”.
   *[other] { $count } sản phẩm cho “{ $query }”
}
search-empty-query = Nhập tên sản phẩm, chất liệu hoặc hợp tác xã để tìm.
search-try = Thử: giỏ mây, thổ cẩm, mật ong, gạo

cart-title = Giỏ hàng
cart-empty = Giỏ hàng của bạn đang trống.
cart-browse = Xem sản phẩm

pager-label = Phân trang
pager-prev = ← Trang trước
pager-next = Trang sau →
pager-page = Trang { $page } / { $pages }

not-found-title = Không tìm thấy trang
not-found-body = Trang bạn tìm không có ở đây, có thể đã được chuyển hoặc gỡ xuống.
not-found-home = Về trang chủ
error-title = Đã có lỗi xảy ra
error-body = Chúng tôi không tải được trang này. Vui lòng thử lại sau ít phút.
breadcrumb = Đường dẫn
home = Trang chủ
