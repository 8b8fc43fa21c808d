class ArticlesController < ApplicationController
  def index
    render json: Article.order(created_at: :desc)
  end

  def create
    article = Article.create!(params.require(:article).permit(:title, :body))
    render json: article, status: :created
  end
end
