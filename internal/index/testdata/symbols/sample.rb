# Orders module.
module Shop
  # An order.
  class Order < ApplicationRecord
    def total
      items.sum(&:price)
    end

    def self.find_open
      where(open: true)
    end
  end
end

Rails.application.routes.draw do
  get '/orders/:id', to: 'orders#show'
end
